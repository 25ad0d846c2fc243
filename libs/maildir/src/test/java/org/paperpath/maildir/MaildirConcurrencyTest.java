package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several threads and several JVM processes deliver, scan, flag and expunge in one Maildir at once
 * (issue 3, "Concurrency"): no message is lost, no UID is given to two messages, no message's UID
 * changes, and nothing is left in tmp/ or as a lock.
 */
class MaildirConcurrencyTest {

    private static final int ROUNDS = 30;
    private static final int PROCESSES = 3;
    private static final int THREADS = 3;

    @TempDir
    Path root;

    @Test
    void threadsAndProcessesSharingOneMaildirLoseNothingAndNeverReuseOrChangeAUid() throws Exception {
        Maildir.open(root, "setup").create();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    "-XX:TieredStopAtLevel=1", ConcurrencyWorker.class.getName(), root.toString(), "p" + p,
                    String.valueOf(ROUNDS)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<String> report = new ArrayList<>();
        try {
            List<Future<List<String>>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String id = "t" + t;
                threads.add(pool.submit(() -> ConcurrencyWorker.run(root, id, ROUNDS)));
            }
            for (Future<List<String>> f : threads) {
                report.addAll(f.get(5, TimeUnit.MINUTES));
            }
            for (Process process : processes) {
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(process.exitValue()).as("worker process exit code").isZero();
                report.addAll(out.lines().toList());
            }
        } finally {
            pool.shutdownNow();
            processes.forEach(Process::destroyForcibly);
        }

        assertThat(report).noneMatch(line -> line.startsWith("CONFLICT"));
        Set<String> delivered = lines(report, "D ");
        Set<String> expunged = lines(report, "X ");
        assertThat(delivered).hasSize((PROCESSES + THREADS) * ROUNDS);
        Map<Long, String> baseByUid = new HashMap<>();
        Map<String, Long> uidByBase = new HashMap<>();
        for (String line : report) {
            if (line.startsWith("U ")) {
                String[] f = line.split(" ", 3);
                long uid = Long.parseLong(f[1]);
                assertThat(baseByUid.merge(uid, f[2], (a, b) -> a.equals(b) ? a : "TWICE " + a + " " + b))
                        .as("UID %d", uid).doesNotStartWith("TWICE");
                assertThat(uidByBase.merge(f[2], uid, (a, b) -> a.equals(b) ? a : -1L)).as("UID of %s", f[2]).isPositive();
            }
        }

        ScanOutcome.Scanned last = (ScanOutcome.Scanned) new UidScanner(root, "check", Duration.ofSeconds(60)).scan(root);
        Set<String> present = last.messages().stream().map(UidMessage::baseName).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(delivered);
        expected.removeAll(expunged);
        assertThat(present).isEqualTo(expected);
        for (UidMessage m : last.messages()) {
            if (uidByBase.containsKey(m.baseName())) {
                assertThat(m.uid()).as("UID of %s", m.baseName()).isEqualTo(uidByBase.get(m.baseName()));
            }
        }
        assertThat(last.messages()).extracting(UidMessage::uid).doesNotHaveDuplicates().isSorted();
        try (Stream<Path> tmp = Files.list(root.resolve("tmp")); Stream<Path> top = Files.list(root)) {
            assertThat(tmp).isEmpty();
            assertThat(top.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".lock"));
        }
        Uidlist list = UidlistFile.read(root.resolve(UidlistFile.NAME)).orElseThrow().uidlist();
        assertThat(list.entries()).extracting(UidlistEntry::baseName).doesNotHaveDuplicates();
    }

    private static Set<String> lines(List<String> report, String prefix) {
        return report.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .collect(Collectors.toSet());
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
