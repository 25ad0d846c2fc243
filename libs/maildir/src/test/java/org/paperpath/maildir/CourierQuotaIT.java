package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Courier's deliverquota and libs/maildir take turns delivering into one Maildir under the same
 * Maildir++ quota and keep one {@code maildirsize} (DESIGN.md, "quota": Courier, Dovecot and
 * Paperpath agree on one number). Courier writes its lines padded with spaces; Paperpath must read
 * them, and Courier must count Paperpath's deltas: deliveries stop where the limit is, whoever
 * delivers. Skipped, with the reason shown, where the unpacked Courier is absent.
 */
@ExtendWith(PeerInstalled.Courier.class)
class CourierQuotaIT {

    private static final int MESSAGE_BYTES = 2000;
    private static final long LIMIT = 10 * MESSAGE_BYTES;
    private static final int COURIER_OVER_QUOTA = 75;
    private static final QuotaPolicy POLICY = new QuotaPolicy(LIMIT, 50, 0, QuotaPolicy.DEFAULT_SMALL_MESSAGE_BYTES, 0,
            false);

    @TempDir
    Path work;

    private final CourierImapProcess courier = CourierImapProcess.located();
    private Path maildir;

    @BeforeEach
    void setUp() throws IOException {
        maildir = Maildir.open(work.resolve("Maildir"), "setup").create().root();
    }

    @Test
    void courierAndPaperpathDeliveringInTurnStopAtTheSameLimitAndAgreeOnTheUsage() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(courier.deliver(maildir, POLICY.limitsLine(), message("courier " + i))).isZero();
        }
        MaildirSize file = new MaildirSize(maildir, "paperpath-test", Clock.systemUTC(), false);
        assertThat(file.read().orElseThrow().usage()).as("Courier's maildirsize read by Paperpath")
                .isEqualTo(new QuotaUsage(3 * MESSAGE_BYTES, 3));
        String courierLimits = file.read().orElseThrow().limits();
        assertThat(courierLimits).isEqualTo(POLICY.limitsLine());

        for (int i = 0; i < 4; i++) {
            assertThat(deliver("paperpath " + i)).isInstanceOf(QuotaOutcome.Delivered.class);
        }
        assertThat(file.read().orElseThrow().usage()).isEqualTo(new QuotaUsage(7 * MESSAGE_BYTES, 7));

        int accepted = 0;
        int exit;
        while ((exit = courier.deliver(maildir, POLICY.limitsLine(), message("courier more " + accepted))) == 0) {
            accepted++;
            assertThat(accepted).as("Courier ignores the usage Paperpath appended").isLessThanOrEqualTo(3);
        }
        assertThat(exit).as("deliverquota's over-quota exit").isEqualTo(COURIER_OVER_QUOTA);
        QuotaUsage disk = onDisk();
        assertThat(disk.bytes()).as("Courier stopped at the limit, counting Paperpath's messages")
                .isBetween(LIMIT - MESSAGE_BYTES + 1, LIMIT);
        assertThat(file.read().orElseThrow().usage()).isEqualTo(disk);

        QuotaOutcome refused = deliver("one too many");
        assertThat(refused).isInstanceOf(QuotaOutcome.OverQuota.class);
        assertThat(((QuotaOutcome.OverQuota) refused).usage()).isEqualTo(disk);
        assertThat(onDisk()).isEqualTo(disk);
    }

    private QuotaOutcome deliver(String subject) throws IOException {
        QuotaOutcome outcome = Maildir.open(maildir, "pod-1").deliver(subject,
                new ByteArrayInputStream(message(subject).getBytes(StandardCharsets.US_ASCII)), POLICY);
        MarkerMoves.await();
        return outcome;
    }

    /** A message of exactly {@link #MESSAGE_BYTES} octets with LF line ends, as both store it. */
    private static String message(String subject) {
        StringBuilder text = new StringBuilder("From: quota@example.org\nSubject: " + subject + "\n\n");
        while (text.length() < MESSAGE_BYTES) {
            text.append(text.length() % 72 == 71 ? '\n' : 'q');
        }
        text.setLength(MESSAGE_BYTES - 1);
        return text.append('\n').toString();
    }

    private QuotaUsage onDisk() throws IOException {
        QuotaUsage usage = QuotaUsage.EMPTY;
        for (String dir : List.of("new", "cur")) {
            try (Stream<Path> files = Files.list(maildir.resolve(dir))) {
                for (Path f : files.toList()) {
                    usage = usage.plus(Files.size(f), 1);
                }
            }
        }
        return usage;
    }
}
