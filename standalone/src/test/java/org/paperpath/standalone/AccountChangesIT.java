package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5's "a password change and a deletion seen at once by POP3 and SMTP", on the real standalone
 * system: the gateways ask account-service on every login (ADR 0002), and RCPT answers from the
 * directory view, which follows the outbox within seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
class AccountChangesIT {

    private static final String DOMAIN = "changes.test";
    private static final String OLD = "correct horse battery";
    private static final String NEW = "tr0ub4dor & three";

    private final StandaloneProcess paperpath;
    private final AdminApi admin;

    AccountChangesIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
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
        assertThat(Mailboxes.awaitRcptReply(paperpath.smtpPort, bob, "550", Duration.ofSeconds(10)))
                .startsWith("550 5.1.1");
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
}
