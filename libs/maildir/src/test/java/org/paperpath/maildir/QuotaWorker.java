package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * One deliverer of {@link QuotaAcrossProcessesTest}, run as a separate JVM: prints {@code READY},
 * waits for the test's start file so that all deliverers race from the same moment, then delivers
 * messages of random sizes into one Maildir under a {@link QuotaPolicy} until the first over-quota
 * answer. Reports one line per typed outcome: {@code D <name>} delivered, {@code B <size>} too big,
 * {@code O <usage bytes> <usage messages> <size>} over quota.
 */
public final class QuotaWorker {

    static final int MIN_SIZE = 300;
    static final int MAX_SIZE = 1500;

    private QuotaWorker() {
    }

    /**
     * Arguments: Maildir root, worker id, start file, quota bytes, quota messages, per-message limit.
     * Exits non-zero on any exception, so the test sees it.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of(args[0]);
        String id = args[1];
        Path start = Path.of(args[2]);
        QuotaPolicy policy = new QuotaPolicy(Long.parseLong(args[3]), Long.parseLong(args[4]), 0,
                QuotaPolicy.DEFAULT_SMALL_MESSAGE_BYTES, Long.parseLong(args[5]), false);
        System.out.println("READY");
        System.out.flush();
        while (!Files.exists(start)) {
            Thread.sleep(2);
        }
        Maildir maildir = Maildir.open(root, "host-" + id);
        Random random = new Random(id.hashCode());
        StringBuilder report = new StringBuilder();
        QuotaOutcome tooBig = maildir.deliver(id + "/big", message(id, policy.maxMessageBytes() + 1), policy);
        if (tooBig instanceof QuotaOutcome.TooBig) {
            report.append("B ").append(((QuotaOutcome.TooBig) tooBig).size()).append('\n');
        }
        for (int i = 0; ; i++) {
            int size = MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1);
            QuotaOutcome outcome = maildir.deliver(id + "/" + i, message(id, size), policy);
            if (outcome instanceof QuotaOutcome.Delivered) {
                report.append("D ").append(((QuotaOutcome.Delivered) outcome).delivery().name()).append('\n');
            } else if (outcome instanceof QuotaOutcome.OverQuota) {
                QuotaUsage usage = ((QuotaOutcome.OverQuota) outcome).usage();
                report.append("O ").append(usage.bytes()).append(' ').append(usage.messages()).append(' ')
                        .append(size).append('\n');
                break;
            } else {
                throw new IllegalStateException("unexpected outcome " + outcome);
            }
        }
        System.out.print(report);
    }

    /** A message of exactly {@code size} octets with LF line ends (its S= size). */
    private static ByteArrayInputStream message(String id, long size) {
        StringBuilder text = new StringBuilder("From: " + id + "@example.org\nSubject: quota\n\n");
        while (text.length() < size) {
            text.append(text.length() % 64 == 63 ? '\n' : 'x');
        }
        text.setLength((int) size);
        return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
