package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.CRLFOutputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The straight paper path on the real standalone system: REST creates a mailbox, Angus Mail sends
 * over SMTP, a POP3 client reads the message back, and the Maildir file is on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
class EndToEndIT {

    private static final String DOMAIN = "example.test";
    private static final String PASSWORD = "correct horse battery";

    private final StandaloneProcess paperpath;
    private final AdminApi admin;

    EndToEndIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
    }

    @Test
    void messageSentWithAngusMailIsReadBackOverPop3ByteForByte() throws Exception {
        String alice = admin.createMailbox(DOMAIN, "alice", PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, alice, Duration.ofSeconds(20));

        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(paperpath.smtpPort));
        props.put("mail.smtp.localhost", "client.sender.test");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("bob@sender.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(alice));
        message.setSubject("The straight paper path");
        message.setText("Hello Alice,\n.a line that starts with a dot\n..and two dots\n\nBob\n", "UTF-8");
        message.saveChanges();
        ByteArrayOutputStream original = new ByteArrayOutputStream();
        try (CRLFOutputStream wire = new CRLFOutputStream(original)) {
            message.writeTo(wire); // what SMTPTransport puts on the wire: every line ending CRLF
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }

        assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, alice, PASSWORD, 1, Duration.ofSeconds(30))).isEqualTo(1);
        byte[] fetched;
        try (Pop3Client pop3 = new Pop3Client(paperpath.pop3Port)) {
            pop3.login(alice, PASSWORD);
            fetched = pop3.retr(1);
        }
        String text = new String(fetched, StandardCharsets.UTF_8);
        assertThat(text).startsWith("Return-Path: <bob@sender.test>\r\nDelivered-To: " + alice + "\r\nReceived: from ");
        byte[] sent = original.toByteArray();
        assertThat(fetched.length).isGreaterThan(sent.length);
        byte[] tail = java.util.Arrays.copyOfRange(fetched, fetched.length - sent.length, fetched.length);
        assertThat(tail).as("the message after our trace headers, byte for byte").isEqualTo(sent);

        List<Path> files = Mailboxes.messages(paperpath.dataDir, DOMAIN, "alice");
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getParent().getFileName().toString()).isEqualTo("new");
        byte[] onDisk = Files.readAllBytes(file);
        assertThat(file.getFileName().toString()).contains(",S=" + onDisk.length).contains(",W=" + fetched.length);
        assertThat(new String(onDisk, StandardCharsets.UTF_8)).isEqualTo(text.replace("\r\n", "\n"));
        awaitSpoolEmpty();
    }

    @Test
    void badInputGetsTheRightCodeAndChangesNothing() throws Exception {
        String carol = admin.createMailbox(DOMAIN, "carol", PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, carol, Duration.ofSeconds(20));
        awaitSpoolEmpty();
        try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.send("MAIL FROM:<bob@sender.test>")).startsWith("503 5.5.1");
            assertThat(smtp.send("EHLO client.sender.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<bob@@sender.test>")).startsWith("501");
            assertThat(smtp.send("MAIL FROM:<@relay.test:bob@sender.test>")).startsWith("501");
            assertThat(smtp.send("MAIL FROM:<bob@sender.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<nobody@" + DOMAIN + ">")).startsWith("550 5.1.1");
            assertThat(smtp.send("RCPT TO:<carol@elsewhere.test>")).startsWith("554 5.7.1");
            assertThat(smtp.send("DATA")).startsWith("503 5.5.1");
            assertThat(smtp.send("QUIT")).startsWith("221");
        }
        assertThat(Mailboxes.spoolFiles(paperpath.dataDir)).isZero();
        assertThat(Mailboxes.messages(paperpath.dataDir, DOMAIN, "carol")).isEmpty();
        assertThat(Files.exists(paperpath.dataDir.resolve("mail").resolve(DOMAIN).resolve("nobody"))).isFalse();
    }

    @Test
    void restApiRefusesAMissingTokenAndADuplicate() throws Exception {
        AdminApi stranger = new AdminApi(paperpath.httpPort, "not-the-admin-token-at-all");
        assertThat(stranger.post("/api/v1/domains", "{\"name\":\"evil.test\"}").statusCode()).isEqualTo(401);
        assertThat(admin.post("/api/v1/domains", "{\"name\":\"dup.test\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> again = admin.post("/api/v1/domains", "{\"name\":\"dup.test\"}");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void healthIsUpAndPrometheusServesEveryServicesMeters() throws Exception {
        HttpResponse<String> health = admin.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"smtpIngressHealth\"", "\"queueServiceHealth\"",
                "\"deliveryLocalHealth\"", "\"deliveryRemoteHealth\"", "\"pop3GatewayHealth\"",
                "\"imapGatewayHealth\"", "\"accountServiceHealth\"", "\"db\"");
        HttpResponse<String> readiness = admin.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"smtpIngressHealth\"", "\"pop3GatewayHealth\"");
        String metrics = admin.get("/actuator/prometheus").body();
        assertThat(metrics).contains("paperpath_smtp_sessions", "paperpath_pop3_sessions", "paperpath_imap_sessions",
                "paperpath_delivery_local_deliveries", "paperpath_queue_messages");
    }

    private void awaitSpoolEmpty() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Mailboxes.spoolFiles(paperpath.dataDir) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Mailboxes.spoolFiles(paperpath.dataDir)).as("spool bodies left after final delivery").isZero();
    }
}
