package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paperpath copies, moves and expunges messages a real Dovecot wrote (issue 3, "Expunge, copy,
 * move"), and Dovecot then shows the result as its own: a copy and a moved message carry their
 * keywords by name into a folder whose {@code dovecot-keywords} gives them other letters, the
 * expunged message is gone, and Dovecot's Maildir++ quota, read from the deltas Paperpath appended,
 * equals what is on disk. Skipped, with the reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotFolderMessagesIT {

    private static final String QUOTA_CONFIG = "mail_plugins = quota\n"
            + "protocol imap {\n  mail_plugins = $mail_plugins imap_quota\n}\n"
            + "plugin {\n  quota = maildir:User quota\n  quota_rule = *:storage=1M:messages=1000\n}\n";

    @TempDir
    Path work;

    private Path mail;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
    }

    @Test
    void dovecotSeesPaperpathsCopyMoveAndExpungeWithKeywordsByNameAndTheQuotaOnDisk() throws Exception {
        DovecotImapProcess dovecot = new DovecotImapProcess(work, mail, QUOTA_CONFIG);
        ImapAnswer written = dovecot.converse(new ImapScript()
                .command("c1", "CREATE Archiv")
                .append("p1", "Archiv", "Later", ImapScript.message("already archived"))
                .append("p2", "INBOX", "\\Seen Work", ImapScript.message("to copy"))
                .append("p3", "INBOX", "$Forwarded Later", ImapScript.message("to move"))
                .append("p4", "INBOX", "", ImapScript.message("to expunge")));
        assertThat(written.failures()).as(written.text()).isEmpty();
        FolderStore store = new FolderStore(mail, FolderNameEncoding.UTF8);
        FolderName archiv = FolderName.parse("Archiv", '/');
        Path archivDir = store.path(archiv).orElseThrow();
        assertThat(DovecotKeywords.letterOf(archivDir, "Later")).isNotEqualTo(DovecotKeywords.letterOf(mail, "Later"));

        List<UidMessage> inbox = ((ScanOutcome.Scanned) new UidScanner(mail, "pod-1", Duration.ofSeconds(10)).scan(mail))
                .messages();
        FolderMessages messages = new FolderMessages(store, "pod-1", false);
        assertThat(messages.copy(FolderName.INBOX, inbox.get(0).baseName(), archiv)).isInstanceOf(TransferOutcome.Done.class);
        assertThat(messages.move(FolderName.INBOX, inbox.get(1).baseName(), archiv)).isInstanceOf(TransferOutcome.Done.class);
        assertThat(messages.expunge(FolderName.INBOX, inbox.get(2).baseName())).isInstanceOf(TransferOutcome.Done.class);

        ImapAnswer after = dovecot.converse(new ImapScript()
                .command("e1", "EXAMINE Archiv")
                .command("f1", "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                .command("e2", "EXAMINE INBOX")
                .command("f2", "UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                .command("q1", "GETQUOTAROOT INBOX"));
        assertThat(after.failures()).as(after.text()).isEmpty();
        assertThat(flagsBySubject(after, "f1")).isEqualTo(Map.of(
                "already archived", Set.of("Later"),
                "to copy", Set.of("\\Seen", "Work"),
                "to move", Set.of("$Forwarded", "Later")));
        assertThat(flagsBySubject(after, "f2")).isEqualTo(Map.of("to copy", Set.of("\\Seen", "Work")));
        Map<String, long[]> quota = after.quota("User quota");
        long[] disk = onDisk(mail, archivDir);
        assertThat(quota.get("STORAGE")[0]).as("KiB, rounded up").isEqualTo((disk[0] + 1023) / 1024);
        assertThat(quota.get("MESSAGE")[0]).isEqualTo(disk[1]).isEqualTo(4);
    }

    /** Subject to flags of the FETCH responses to {@code tag}. */
    private static Map<String, Set<String>> flagsBySubject(ImapAnswer answer, String tag) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ImapAnswer.Fetched f : answer.fetched(tag)) {
            out.put(f.subject(), f.flags());
        }
        return out;
    }

    /** {bytes, messages} of the files in new/ and cur/ of {@code folders}. */
    private static long[] onDisk(Path... folders) throws Exception {
        long[] total = new long[2];
        for (Path folder : folders) {
            for (String dir : List.of("new", "cur")) {
                try (Stream<Path> files = Files.list(folder.resolve(dir))) {
                    for (Path f : files.toList()) {
                        total[0] += Files.size(f);
                        total[1]++;
                    }
                }
            }
        }
        return total;
    }
}
