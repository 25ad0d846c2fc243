package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages whose names carry no {@code ,S=} (qmail-local and vmailmgr, the Maildirs Paperpath takes
 * over, name them {@code <seconds>.<pid>.<host>}) count in {@code maildirsize} with their length on
 * disk, and a POP3 DELE of one gives that length back at once: otherwise a user who deletes mail to
 * get under quota stays refused until the next recalculation.
 */
class ForeignNameQuotaTest {

    @TempDir
    Path root;

    @Test
    void deletingAMessageWithoutASizeInItsNameFreesItsLengthOnDisk() throws Exception {
        Maildir maildir = Maildir.open(root, "pod-1").create();
        Path qmail = root.resolve("cur").resolve("1100000000.4711.legacy-host:2,S");
        Files.writeString(qmail, "Subject: from qmail\n\n" + "x".repeat(478) + "\n", StandardCharsets.US_ASCII);
        MaildirSize file = new MaildirSize(root, "pod-1", Clock.systemUTC(), false);
        assertThat(file.recalculate("100000S")).isEqualTo(new QuotaUsage(500, 1));

        MaildirMessage listed = maildir.list().get(0);
        Files.move(qmail, root.resolve("cur").resolve("1100000000.4711.legacy-host:2,RS"));
        assertThat(maildir.delete(listed)).isTrue();

        assertThat(file.read().orElseThrow().usage()).isEqualTo(QuotaUsage.EMPTY);
    }
}
