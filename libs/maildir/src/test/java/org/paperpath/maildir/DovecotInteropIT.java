package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Dovecot (Debian's dovecot-imapd) serves a Maildir that Paperpath wrote with the same
 * UIDs, UIDVALIDITY, flags, keywords, folders and subscriptions; then Dovecot changes flags and
 * appends, and Paperpath reads its changes keeping every UID (issue 3, "Interoperability").
 * Skipped, with the reason shown, where Dovecot is not installed.
 */
@ExtendWith(PeerInstalled.Dovecot.class)
class DovecotInteropIT {

    @TempDir
    Path work;

    private Path mail;
    private UidScanner scanner;

    @BeforeEach
    void setUp() {
        mail = work.resolve("mail");
        scanner = new UidScanner(mail, "paperpath-test", Duration.ofSeconds(10));
    }

    private String deliver(Path folder, String key, String subject) throws IOException {
        String message = "From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody " + subject + "\r\n";
        return Maildir.open(folder, "pod-1").deliver(key, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)))
                .name();
    }

    private ScanOutcome.Scanned scan(Path folder) throws IOException {
        return (ScanOutcome.Scanned) scanner.scan(folder);
    }

    @Test
    void dovecotServesWhatPaperpathWroteAndPaperpathKeepsWhatDovecotChanged() throws Exception {
        deliver(mail, "q1", "one");
        String two = deliver(mail, "q2", "two");
        deliver(mail, "q3", "three");
        FolderStore folders = new FolderStore(mail, FolderNameEncoding.UTF8);
        FolderName archive = FolderName.parse("Archive/2024", '/');
        folders.create(archive);
        folders.create(FolderName.parse("Entw\u00fcrfe", '/'));
        Path archiveDir = folders.path(archive).orElseThrow();
        deliver(archiveDir, "q4", "archived");
        new Subscriptions(mail, "pod-1", Duration.ofSeconds(5)).subscribe(archive);
        ScanOutcome.Scanned inbox = scan(mail);
        ScanOutcome.Scanned archived = scan(archiveDir);
        List<UidMessage> m = inbox.messages();
        char workLetter = DovecotKeywords.letterFor(mail, "$Work", "pod-1", Duration.ofSeconds(5)).orElseThrow();
        FlagUpdater.update(mail, m.get(0).baseName(), f -> f.with(MessageFlags.SEEN).with(workLetter));
        FlagUpdater.update(mail, m.get(1).baseName(), f -> f.with(MessageFlags.FLAGGED).with(MessageFlags.REPLIED));

        String answer = new DovecotImapProcess(work, mail).converse(String.join("\r\n",
                "a1 STATUS INBOX (UIDVALIDITY UIDNEXT MESSAGES)",
                "a2 STATUS Archive.2024 (UIDVALIDITY UIDNEXT MESSAGES)",
                "a3 SELECT INBOX",
                "a4 UID FETCH 1:* (FLAGS)",
                "a5 LIST \"\" \"*\"",
                "a6 LSUB \"\" \"*\"",
                "a7 UID STORE " + m.get(2).uid() + " +FLAGS (\\Deleted $Label2)",
                "a8 UID STORE " + m.get(1).uid() + " -FLAGS (\\Flagged)",
                "a9 APPEND INBOX (\\Seen) {31+}",
                "Subject: from dovecot\r\n\r\nhello",
                "b1 LOGOUT", ""));

        assertThat(answer).contains("* STATUS INBOX (MESSAGES 3 UIDNEXT " + inbox.nextUid()
                + " UIDVALIDITY " + inbox.uidValidity() + ")");
        assertThat(answer).contains("* STATUS Archive.2024 (MESSAGES 1 UIDNEXT 2 UIDVALIDITY " + archived.uidValidity() + ")");
        assertThat(answer).contains("* 1 FETCH (UID " + m.get(0).uid() + " FLAGS (\\Seen $Work))");
        assertThat(answer).contains("* 2 FETCH (UID " + m.get(1).uid() + " FLAGS (\\Answered \\Flagged))");
        assertThat(answer).contains("* 3 FETCH (UID " + m.get(2).uid() + " FLAGS ())");
        assertThat(answer).containsPattern("\\* LIST \\([^)]*\\) \"\\.\" Archive\\.2024\r\n");
        assertThat(answer).containsPattern("\\* LIST \\([^)]*\\\\HasChildren[^)]*\\) \"\\.\" Archive\r\n");
        assertThat(answer).containsPattern("\\* LIST \\([^)]*\\) \"\\.\" Entw&APw-rfe\r\n");
        assertThat(answer).contains("* LSUB () \".\" Archive.2024");
        Matcher appendUid = Pattern.compile("a9 OK \\[APPENDUID (\\d+) (\\d+)\\]").matcher(answer);
        assertThat(appendUid.find()).as("APPENDUID in:\n%s", answer).isTrue();
        assertThat(Long.parseLong(appendUid.group(1))).isEqualTo(inbox.uidValidity());

        ScanOutcome.Scanned after = scan(mail);
        assertThat(after.uidValidity()).isEqualTo(inbox.uidValidity());
        assertThat(after.messages()).extracting(UidMessage::uid)
                .containsExactly(m.get(0).uid(), m.get(1).uid(), m.get(2).uid(), Long.parseLong(appendUid.group(2)));
        char label2 = DovecotKeywords.letterOf(mail, "$Label2").orElseThrow();
        assertThat(MessageFlags.ofFileName(after.messages().get(2).path().getFileName().toString()))
                .isEqualTo(MessageFlags.of("T" + label2));
        assertThat(MessageFlags.ofFileName(after.messages().get(1).path().getFileName().toString()))
                .isEqualTo(MessageFlags.of("R"));
        assertThat(after.messages().get(1).baseName()).isEqualTo(two);
        assertThat(MessageFlags.ofFileName(after.messages().get(3).path().getFileName().toString()))
                .isEqualTo(MessageFlags.of("S"));
    }
}
