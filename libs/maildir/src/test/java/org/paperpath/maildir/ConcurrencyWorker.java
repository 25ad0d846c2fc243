package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One writer of {@link MaildirConcurrencyTest} and {@link DovecotConcurrentUidsIT}, run as a thread
 * or as a separate JVM: delivers (message {@code i} has the subject {@code <id>/<i>}), scans, flags
 * and expunges in one Maildir and reports what it saw as lines: {@code D <base>} delivered,
 * {@code X <base>} expunged, {@code U <uid> <base>} a UID a scan showed.
 */
public final class ConcurrencyWorker {

    private ConcurrencyWorker() {
    }

    /** Arguments: Maildir root, worker id, rounds. Prints the report on standard output. */
    public static void main(String[] args) throws IOException {
        for (String line : run(Path.of(args[0]), args[1], Integer.parseInt(args[2]))) {
            System.out.println(line);
        }
    }

    static List<String> run(Path root, String id, int rounds) throws IOException {
        Maildir maildir = Maildir.open(root, "host-" + id);
        UidScanner scanner = new UidScanner(root, "host-" + id, Duration.ofSeconds(60));
        Random random = new Random(id.hashCode());
        List<String> report = new ArrayList<>();
        Map<Long, String> uids = new LinkedHashMap<>();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String body = "From: " + id + "\nSubject: " + id + "/" + i + "\n\nround " + i + "\n";
            String name = maildir.deliver(id + "/" + i, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).name();
            report.add("D " + name);
            mine.add(name);
            ScanOutcome outcome = scanner.scan(root);
            if (!(outcome instanceof ScanOutcome.Scanned)) {
                throw new IOException("scan timed out: " + outcome);
            }
            List<UidMessage> messages = ((ScanOutcome.Scanned) outcome).messages();
            for (UidMessage m : messages) {
                String before = uids.putIfAbsent(m.uid(), m.baseName());
                if (before == null) {
                    report.add("U " + m.uid() + " " + m.baseName());
                } else if (!before.equals(m.baseName())) {
                    report.add("CONFLICT " + m.uid() + " " + before + " " + m.baseName());
                }
            }
            if (!messages.isEmpty()) {
                UidMessage any = messages.get(random.nextInt(messages.size()));
                char flag = "DFRSTabc".charAt(random.nextInt(8));
                FlagUpdater.update(root, any.baseName(), f -> f.has(flag) ? f.without(flag) : f.with(flag));
            }
            if (i % 5 == 4) {
                String victim = mine.get(i - 2);
                if (FlagUpdater.find(root, victim).map(p -> p.toFile().delete()).orElse(false)) {
                    report.add("X " + victim);
                }
            }
        }
        return report;
    }
}
