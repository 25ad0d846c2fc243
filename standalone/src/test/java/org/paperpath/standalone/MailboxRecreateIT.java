package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * QA's finding on the real standalone system: a mailbox deleted and created again under the same
 * address must start empty. The Maildir outlives the mailbox on the shared volume; the new mailbox has
 * a new incarnation id, so POP3 (at login) and delivery (at the first message) move the old Maildir
 * aside to {@code <data>/mail/.deleted/<domain>/<localPart>.<old id>}, where it is kept for an operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
class MailboxRecreateIT {

    private static final String DOMAIN = "recreate.test";
    private static final String FIRST_PASSWORD = "correct horse battery";
    private static final String SECOND_PASSWORD = "tr0ub4dor & three";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final StandaloneProcess paperpath;
    private final AdminApi admin;

    MailboxRecreateIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
    }

    @Test
    void aMailboxCreatedAgainNeverSeesTheDeletedOnesMail() throws Exception {
        String erin = admin.createMailbox(DOMAIN, "erin", FIRST_PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, erin, Duration.ofSeconds(20));
        send(erin, "secret for erin");
        Mailboxes.awaitDelivered(paperpath, DOMAIN, "erin", "Subject: secret for erin", WAIT);
        assertThat(stat(erin, FIRST_PASSWORD)).isEqualTo(1);

        assertThat(admin.delete("/api/v1/domains/" + DOMAIN + "/mailboxes/erin").statusCode()).isEqualTo(204);
        assertThat(Mailboxes.awaitRcptReply(paperpath.smtpPort, erin, "550", Duration.ofSeconds(20))).startsWith("550");
        assertThat(admin.post("/api/v1/domains/" + DOMAIN + "/mailboxes",
                "{\"localPart\":\"erin\",\"password\":\"" + SECOND_PASSWORD + "\"}").statusCode()).isEqualTo(201);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, erin, Duration.ofSeconds(20));

        assertThat(stat(erin, SECOND_PASSWORD)).as("the new erin's maildrop before any delivery").isZero();

        send(erin, "hello new erin");
        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, erin, SECOND_PASSWORD, 1, WAIT)).isEqualTo(1);
        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            pop3.login(erin, SECOND_PASSWORD);
            assertThat(pop3.count()).isEqualTo(1);
            String message = new String(pop3.retr(1), StandardCharsets.UTF_8);
            assertThat(message).contains("Subject: hello new erin").doesNotContain("secret for erin");
        }

        Path deleted = paperpath.dataDir.resolve("mail").resolve(".deleted").resolve(DOMAIN);
        List<Path> aside;
        try (Stream<Path> dirs = Files.list(deleted)) {
            aside = dirs.toList();
        }
        assertThat(aside).as("the deleted erin's Maildir, kept aside once").singleElement()
                .satisfies(dir -> assertThat(dir.getFileName().toString()).matches("erin\\.[0-9a-f-]{36}"));
        List<Path> oldMessages;
        try (Stream<Path> news = Files.list(aside.get(0).resolve("new"));
                Stream<Path> curs = Files.list(aside.get(0).resolve("cur"))) {
            oldMessages = Stream.concat(news, curs).filter(file -> !file.getFileName().toString().startsWith("."))
                    .toList();
        }
        assertThat(oldMessages).singleElement()
                .satisfies(file -> assertThat(Files.readString(file)).contains("Subject: secret for erin"));
    }

    /** The maildrop's STAT count after a POP3 login. */
    private int stat(String user, String password) throws Exception {
        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            pop3.login(user, password);
            return pop3.count();
        }
    }

    /** One message over the MX port; RCPT and the end of data must get 250. */
    private void send(String to, String subject) throws Exception {
        try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.send("EHLO client.recreate.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<sender@client.recreate.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("From: <sender@client.recreate.test>\r\nTo: <" + to + ">\r\nSubject: " + subject
                    + "\r\n\r\nFor " + to + " only.\r\n.")).startsWith("250");
            smtp.send("QUIT");
        }
    }
}
