package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot's quota plugin ({@code quota = maildir}, the Maildir++ backend) and libs/maildir keep one
 * {@code maildirsize} between them (DESIGN.md, "quota": Courier, Dovecot and Paperpath agree on one
 * number). Paperpath delivers, and Dovecot's GETQUOTAROOT (RFC 2087; STORAGE in KiB rounded up, as
 * Dovecot reports it) shows the usage and limits Paperpath's file holds, without rewriting it; with
 * the file gone Dovecot recalculates the same number Paperpath does (both leave {@code .Trash} out).
 * Dovecot appends and expunges, and Paperpath reads the usage Dovecot reports. Skipped, with the
 * reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotQuotaIT {

    private static final long LIMIT_KIB = 100;
    private static final long LIMIT_MESSAGES = 50;
    private static final QuotaPolicy POLICY = new QuotaPolicy(LIMIT_KIB * 1024, LIMIT_MESSAGES, 0,
            QuotaPolicy.DEFAULT_SMALL_MESSAGE_BYTES, 0, false);
    private static final String QUOTA_CONFIG = "mail_plugins = quota\n"
            + "protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\n"
            + "plugin {\n  quota = maildir:User quota\n"
            + "  quota_rule = *:storage=" + LIMIT_KIB + "K:messages=" + LIMIT_MESSAGES + "\n"
            + "  quota_rule2 = Trash:ignore\n}\n";

    @TempDir
    Path work;

    private Path mail;
    private MaildirSize maildirsize;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
        maildirsize = new MaildirSize(mail, "paperpath-test", Clock.systemUTC(), false);
    }

    @Test
    void dovecotReportsTheUsageAndLimitsPaperpathWroteAndRecalculatesTheSameNumber() throws Exception {
        FolderStore folders = new FolderStore(mail, FolderNameEncoding.UTF8);
        Maildir.open(mail, "pod-1").create();
        folders.create(FolderName.parse("Archiv", '/'));
        folders.create(FolderName.parse("Trash", '/'));
        Path archiv = folders.path(FolderName.parse("Archiv", '/')).orElseThrow();
        Path trash = folders.path(FolderName.parse("Trash", '/')).orElseThrow();
        for (int i = 0; i < 5; i++) {
            deliver(mail, "inbox-" + i, 700 + 311 * i);
        }
        deliver(archiv, "archiv-1", 2900);
        deliver(trash, "trash-1", 5000);
        String written = Files.readString(maildirsize.path());
        QuotaUsage paperpath = maildirsize.read().orElseThrow().usage();
        assertThat(paperpath).isEqualTo(countedOnDisk(mail, archiv));
        assertThat(written).startsWith(POLICY.limitsLine() + "\n");

        Map<String, long[]> reported = quotaRoot();
        assertThat(reported.get("STORAGE")).containsExactly(kibRoundedUp(paperpath.bytes()), LIMIT_KIB);
        assertThat(reported.get("MESSAGE")).containsExactly(paperpath.messages(), LIMIT_MESSAGES);
        assertThat(Files.readString(maildirsize.path())).as("Dovecot read our file and left it as it was")
                .isEqualTo(written);

        Files.delete(maildirsize.path());
        Map<String, long[]> recalculated = quotaRoot();
        assertThat(recalculated.get("STORAGE")).containsExactly(kibRoundedUp(paperpath.bytes()), LIMIT_KIB);
        assertThat(recalculated.get("MESSAGE")).containsExactly(paperpath.messages(), LIMIT_MESSAGES);
        assertThat(maildirsize.read().orElseThrow().usage()).as("Dovecot's recalculated file").isEqualTo(paperpath);
        assertThat(maildirsize.read().orElseThrow().limits()).isEqualTo(POLICY.limitsLine());
    }

    @Test
    void paperpathReadsTheUsageDovecotsAppendsAndExpungesLeftInMaildirsize() throws Exception {
        deliver(mail, "first", 1200);
        deliver(mail, "second", 2500);
        ImapAnswer dovecot = new DovecotImapProcess(work, mail, QUOTA_CONFIG).converse(new ImapScript()
                .append("a1", "INBOX", "", padded("from dovecot 1", 3000))
                .append("a2", "INBOX", "\\Seen", padded("from dovecot 2", 900))
                .append("a3", "INBOX", "", padded("from dovecot 3", 4100))
                .command("a4", "SELECT INBOX")
                .command("a5", "UID STORE 2 +FLAGS (\\Deleted)")
                .command("a6", "EXPUNGE")
                .command("a7", "GETQUOTAROOT INBOX"));
        assertThat(dovecot.failures()).as(dovecot.text()).isEmpty();

        MaildirSize.Snapshot snapshot = maildirsize.read().orElseThrow();
        assertThat(snapshot.needsRecalculation(POLICY.limitsLine())).isFalse();
        QuotaUsage usage = snapshot.usage();
        assertThat(usage).as("the deltas Dovecot appended").isEqualTo(countedOnDisk(mail));
        assertThat(usage.messages()).isEqualTo(4);
        Map<String, long[]> reported = dovecot.quota("User quota");
        assertThat(reported.get("STORAGE")).containsExactly(kibRoundedUp(usage.bytes()), LIMIT_KIB);
        assertThat(reported.get("MESSAGE")).containsExactly(usage.messages(), LIMIT_MESSAGES);
    }

    private Map<String, long[]> quotaRoot() throws IOException, InterruptedException {
        ImapAnswer answer = new DovecotImapProcess(work, mail, QUOTA_CONFIG)
                .converse(new ImapScript().command("q1", "GETQUOTAROOT INBOX"));
        assertThat(answer.text()).contains("* QUOTAROOT INBOX \"User quota\"");
        return answer.quota("User quota");
    }

    private static long kibRoundedUp(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static void deliver(Path folder, String key, int size) throws IOException {
        QuotaOutcome outcome = Maildir.open(folder, "pod-1").deliver(key,
                new ByteArrayInputStream(padded(key, size).getBytes(StandardCharsets.US_ASCII)), POLICY);
        assertThat(outcome).isInstanceOf(QuotaOutcome.Delivered.class);
        MarkerMoves.await();
    }

    /** A CRLF message of about {@code size} octets. */
    private static String padded(String subject, int size) {
        StringBuilder text = new StringBuilder(ImapScript.message(subject));
        while (text.length() < size) {
            text.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuv\r\n");
        }
        return text.toString();
    }

    /** Files and their lengths in new/ and cur/ of the given folders. */
    private static QuotaUsage countedOnDisk(Path... folders) throws IOException {
        QuotaUsage usage = QuotaUsage.EMPTY;
        for (Path folder : folders) {
            for (String dir : List.of("new", "cur")) {
                try (Stream<Path> files = Files.list(folder.resolve(dir))) {
                    for (Path file : files.toList()) {
                        usage = usage.plus(Files.size(file), 1);
                    }
                }
            }
        }
        return usage;
    }
}
