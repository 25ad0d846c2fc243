package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's "a password change and a deletion seen at once by POP3 and SMTP", on the real standalone
 * system: the gateways ask account-service on every login (ADR 0002), and RCPT answers from the
 * directory view, which follows the outbox within seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountChangesIT {

    private static final String DOMAIN = "changes.test";
    private static final String OLD = "correct horse battery";
    private static final String NEW = "tr0ub4dor & three";

    @TempDir
    static Path tmp;

    private StandaloneProcess paperpath;
    private AdminApi admin;

    @BeforeAll
    void start() throws Exception {
        paperpath = new StandaloneProcess(tmp.resolve("data")).start();
        admin = new AdminApi(paperpath.httpPort, StandaloneProcess.ADMIN_TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        paperpath.close();
    }

    @Test
    void aPasswordChangeIsSeenByTheVeryNextPop3AndSmtpLogin() throws Exception {
        String alice = admin.createMailbox(DOMAIN, "alice", OLD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, alice, Duration.ofSeconds(20));
        assertThat(pop3Pass(alice, OLD)).startsWith("+OK");
        smtpLogin(alice, OLD);

        assertThat(admin.put("/api/v1/domains/" + DOMAIN + "/mailboxes/alice/password",
                "{\"password\":\"" + NEW + "\"}").statusCode()).isEqualTo(204);

        assertThat(pop3Pass(alice, OLD)).startsWith("-ERR");
        assertThat(pop3Pass(alice, NEW)).startsWith("+OK");
        assertThatThrownBy(() -> smtpLogin(alice, OLD)).isInstanceOf(AuthenticationFailedException.class);
        smtpLogin(alice, NEW);
    }

    @Test
    void aDeletedMailboxIsRefusedByPop3AtOnceAndAtRcptWithinSeconds() throws Exception {
        String bob = admin.createMailbox(DOMAIN, "bob", OLD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, bob, Duration.ofSeconds(20));
        assertThat(pop3Pass(bob, OLD)).startsWith("+OK");

        assertThat(admin.delete("/api/v1/domains/" + DOMAIN + "/mailboxes/bob").statusCode()).isEqualTo(204);

        assertThat(pop3Pass(bob, OLD)).startsWith("-ERR");
        assertThatThrownBy(() -> smtpLogin(bob, OLD)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(awaitRcptReply(bob, "550", Duration.ofSeconds(10))).startsWith("550 5.1.1");
    }

    /** The reply to PASS after USER (the client's close says QUIT). */
    private String pop3Pass(String user, String password) throws Exception {
        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            assertThat(pop3.command("USER " + user)).startsWith("+OK");
            return pop3.command("PASS " + password);
        }
    }

    /** AUTH on the submission port after STARTTLS, with Angus Mail; throws on a refused login. */
    private void smtpLogin(String user, String password) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(paperpath.submissionPort));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        // The standalone's certificate is self-signed on first start: trust it for loopback only.
        props.put("mail.smtp.ssl.trust", "127.0.0.1");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        try (Transport transport = Session.getInstance(props).getTransport("smtp")) {
            transport.connect(user, password);
        }
    }

    /** Polls RCPT for {@code address} until the reply starts with {@code code}; returns that reply. */
    private String awaitRcptReply(String address, String code, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
                smtp.reply();
                smtp.send("EHLO probe.test");
                smtp.send("MAIL FROM:<probe@sender.test>");
                last = smtp.send("RCPT TO:<" + address + ">");
                smtp.send("QUIT");
                if (last.startsWith(code)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        return last;
    }
}
