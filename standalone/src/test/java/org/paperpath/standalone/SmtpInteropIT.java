package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and AUTH with real clients against one standalone system (issue 4, interop): STARTTLS on the MX
 * port, AUTH PLAIN and LOGIN on the submission port after STARTTLS, implicit TLS on the smtps port,
 * and the refusals an attacker meets (AUTH before TLS, MAIL without AUTH, a wrong password). Every
 * message a client was told is accepted must reach the Maildir.
 *
 * <p>The standalone made a self-signed certificate on first start ({@code <data>/tls/cert.pem}, its
 * only name the host name). How each client trusts it: curl verifies it fully ({@code --cacert} the
 * PEM, the host name mapped to 127.0.0.1 with {@code --resolve}); Angus Mail verifies the chain
 * against a trust store holding exactly that certificate, with its host-name check off (it connects to
 * 127.0.0.1, which the certificate does not name);
 * swaks does not verify certificates unless told to ({@code --tls-verify} is not given), so its
 * runs prove the TLS handshake and the protocol, not the certificate.
 *
 * <p>The wrong-password tests run last: AUTH failures may be throttled per client address, and
 * every client here is 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpInteropIT {

    private static final String DOMAIN = "interop.test";
    private static final String PASSWORD = "correct horse battery";
    private static final String WRONG_PASSWORD = "correct horse staple";
    private static final String SWAKS_PACKAGES = "swaks libio-socket-ssl-perl";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;

    private final StandaloneProcess paperpath;
    private final AdminApi admin;
    private Path certificate;
    private String certificateName;

    SmtpInteropIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
    }

    @BeforeAll
    void readTheCertificate() throws Exception {
        certificate = paperpath.dataDir.resolve("tls").resolve("cert.pem");
        assertThat(certificate).as("the self-signed certificate made on first start").isRegularFile();
        certificateName = dnsName(readCertificate());
    }

    // --- STARTTLS on the MX port ---

    @Test
    @Order(1)
    void swaksStartsTlsOnTheMxPortAndTheMessageIsDelivered() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String to = mailbox("mx-swaks");
        String marker = marker();
        // --tls: STARTTLS is required, swaks gives up (exit 29) if it is not offered or fails.
        ExternalCommand.Result result = run(swaks(swaks, paperpath.smtpPort, to, marker, "--tls"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("<-  220 2.0.0 Ready to start TLS", "=== TLS started with cipher")
                .containsPattern("~> \\.\\r?\\n<~  250 2\\.0\\.0 ");
        assertThat(awaitDelivered("mx-swaks", marker)).contains("Subject: interop " + marker, "\n.a dotted line\n");
    }

    @Test
    @Order(2)
    void curlWithSslReqdStartsTlsOnTheMxPortVerifyingTheCertificate() throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String to = mailbox("mx-curl");
        String marker = marker();
        ExternalCommand.Result result = run(curl(curl, "smtp", paperpath.smtpPort, to, marker));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("> STARTTLS", "< 220 2.0.0 Ready to start TLS", "SSL certificate verify ok")
                .containsPattern("< 250 2\\.0\\.0 Ok: queued as ");
        assertThat(awaitDelivered("mx-curl", marker)).contains("Subject: interop " + marker);
    }

    // --- AUTH on the submission port after STARTTLS ---

    @Test
    @Order(3)
    void swaksAuthPlainOnSubmissionAfterStartTls() throws Exception {
        swaksAuthOnSubmission("PLAIN", "sub-swaks-plain");
    }

    @Test
    @Order(4)
    void swaksAuthLoginOnSubmissionAfterStartTls() throws Exception {
        swaksAuthOnSubmission("LOGIN", "sub-swaks-login");
    }

    private void swaksAuthOnSubmission(String mechanism, String localPart) throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String user = mailbox(localPart);
        String marker = marker();
        ExternalCommand.Result result = run(swaks(swaks, paperpath.submissionPort, user, marker, "--tls",
                "--auth", mechanism, "--auth-user", user, "--auth-password", PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("<-  220 2.0.0 Ready to start TLS", "~> AUTH " + mechanism,
                "<~  235 2.7.0 Authentication successful").containsPattern("<~  250 2\\.0\\.0 Ok: queued as ");
        assertThat(awaitDelivered(localPart, marker)).contains("Subject: interop " + marker);
    }

    @Test
    @Order(5)
    void curlAuthPlainOnSubmissionAfterStartTls() throws Exception {
        curlAuthOnSubmission("PLAIN", "sub-curl-plain");
    }

    @Test
    @Order(6)
    void curlAuthLoginOnSubmissionAfterStartTls() throws Exception {
        curlAuthOnSubmission("LOGIN", "sub-curl-login");
    }

    private void curlAuthOnSubmission(String mechanism, String localPart) throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String user = mailbox(localPart);
        String marker = marker();
        List<String> command = curl(curl, "smtp", paperpath.submissionPort, user, marker);
        command.addAll(List.of("--user", user + ":" + PASSWORD, "--login-options", "AUTH=" + mechanism));
        ExternalCommand.Result result = run(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("> STARTTLS", "> AUTH " + mechanism, "< 235 2.7.0 Authentication successful");
        awaitDelivered(localPart, marker);
        // read back over POP3 by curl too: what was accepted is what the mailbox's owner gets
        ExternalCommand.Result retr = run(List.of(curl.toString(), "-sS", "--max-time", "30", "--user", user + ":" + PASSWORD,
                "pop3://127.0.0.1:" + paperpath.pop3Port + "/1"));
        assertThat(retr.exitCode()).as(retr.output()).isZero();
        assertThat(retr.output()).contains("Subject: interop " + marker + "\r\n", "\r\n.a dotted line\r\n");
    }

    @Test
    @Order(7)
    void angusMailAuthPlainOnSubmissionWithStartTlsRequired() throws Exception {
        angusMailOnSubmission("PLAIN", "sub-angus-plain");
    }

    @Test
    @Order(8)
    void angusMailAuthLoginOnSubmissionWithStartTlsRequired() throws Exception {
        angusMailOnSubmission("LOGIN", "sub-angus-login");
    }

    private void angusMailOnSubmission(String mechanism, String localPart) throws Exception {
        String user = mailbox(localPart);
        String marker = marker();
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        Session session = angusSession(mechanism, debug);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(user));
        message.setSubject("interop " + marker);
        message.setText("Sent by Angus Mail.\n.a dotted line\n", "UTF-8");
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(user, PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
        }
        String transcript = debug.toString(StandardCharsets.UTF_8);
        assertThat(transcript).contains("STARTTLS", "220 2.0.0 Ready to start TLS", "AUTH " + mechanism,
                "235 2.7.0 Authentication successful").containsPattern("250 2\\.0\\.0 Ok: queued as ");
        assertThat(awaitDelivered(localPart, marker)).contains("Subject: interop " + marker, "\n.a dotted line\n");
    }

    // --- implicit TLS on the smtps port (a submission listener: AUTH required) ---

    @Test
    @Order(9)
    void swaksTlsOnConnectToTheSmtpsPort() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String user = mailbox("smtps-swaks");
        String marker = marker();
        ExternalCommand.Result result = run(swaks(swaks, paperpath.smtpsPort, user, marker, "--tlsc",
                "--auth", "PLAIN", "--auth-user", user, "--auth-password", PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("=== TLS started with cipher", "<~  220 ", "<~  235 2.7.0 Authentication successful")
                .containsPattern("<~  250 2\\.0\\.0 Ok: queued as ").doesNotContain("STARTTLS");
        assertThat(awaitDelivered("smtps-swaks", marker)).contains("Subject: interop " + marker);
    }

    @Test
    @Order(10)
    void curlSmtpsUrlToTheSmtpsPortVerifyingTheCertificate() throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String user = mailbox("smtps-curl");
        String marker = marker();
        List<String> command = curl(curl, "smtps", paperpath.smtpsPort, user, marker);
        command.addAll(List.of("--user", user + ":" + PASSWORD));
        ExternalCommand.Result result = run(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SSL certificate verify ok", "< 235 2.7.0 Authentication successful")
                .doesNotContain("> STARTTLS");
        assertThat(awaitDelivered("smtps-curl", marker)).contains("Subject: interop " + marker);
    }

    @Test
    @Order(11)
    void swaksWithoutAuthIsRefusedMailOnTheSmtpsPort() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String to = mailbox("smtps-noauth");
        ExternalCommand.Result result = run(swaks(swaks, paperpath.smtpsPort, to, marker(), "--tlsc"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(23); // swaks: error with MAIL FROM
        assertThat(result.output()).contains("<~* 530 5.7.0 Authentication required");
    }

    // --- what the submission port refuses ---

    @Test
    @Order(12)
    void submissionOffersNoAuthBeforeStartTlsAndRefusesItWith538AndMailWith530() throws Exception {
        String user = mailbox("sub-refusals");
        try (SmtpClient smtp = new SmtpClient(paperpath.submissionPort)) {
            assertThat(smtp.reply()).startsWith("220 ");
            String ehlo = smtp.send("EHLO raw.client.test");
            assertThat(ehlo).startsWith("250-").contains("STARTTLS").doesNotContain("AUTH");
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(smtp.send("AUTH PLAIN " + plain)).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(smtp.send("AUTH LOGIN")).isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
            assertThat(smtp.send("MAIL FROM:<" + user + ">")).isEqualTo("530 5.7.0 Authentication required");
            assertThat(smtp.send("QUIT")).startsWith("221 ");
        }
    }

    @Test
    @Order(13)
    void swaksOnSubmissionWithoutTlsNeverSeesAuthAndNeverSendsThePassword() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String user = mailbox("sub-swaks-notls");
        ExternalCommand.Result result = run(swaks(swaks, paperpath.submissionPort, user, marker(),
                "--auth", "PLAIN", "--auth-user", user, "--auth-password", PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(28); // swaks: authentication failure
        assertThat(result.output()).contains("Host did not advertise authentication").doesNotContain("-> AUTH");
    }

    @Test
    @Order(14)
    void swaksWithoutAuthIsRefusedMailOnSubmissionAfterStartTls() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String to = mailbox("sub-swaks-noauth");
        ExternalCommand.Result result = run(swaks(swaks, paperpath.submissionPort, to, marker(), "--tls"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(23); // swaks: error with MAIL FROM
        assertThat(result.output()).contains("<-  220 2.0.0 Ready to start TLS", "<~* 530 5.7.0 Authentication required");
        assertThat(Mailboxes.messages(paperpath.dataDir, DOMAIN, "sub-swaks-noauth")).isEmpty();
    }

    @Test
    @Order(15)
    void curlWithoutAuthIsRefusedMailOnSubmissionAfterStartTls() throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String to = mailbox("sub-curl-noauth");
        ExternalCommand.Result result = run(curl(curl, "smtp", paperpath.submissionPort, to, marker()));
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("> STARTTLS", "< 530 5.7.0 Authentication required");
        assertThat(Mailboxes.messages(paperpath.dataDir, DOMAIN, "sub-curl-noauth")).isEmpty();
    }

    // --- wrong passwords: last, in case failures are throttled per address ---

    @Test
    @Order(20)
    void swaksWithAWrongPasswordHears535() throws Exception {
        Path swaks = ExternalCommand.require("swaks", SWAKS_PACKAGES);
        String user = mailbox("wrong-swaks");
        ExternalCommand.Result result = run(swaks(swaks, paperpath.submissionPort, user, marker(), "--tls",
                "--auth", "PLAIN", "--auth-user", user, "--auth-password", WRONG_PASSWORD));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(28);
        assertThat(result.output()).contains("<~* 535 5.7.8 Authentication credentials invalid").doesNotContain("MAIL FROM");
    }

    @Test
    @Order(21)
    void curlWithAWrongPasswordHears535() throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String user = mailbox("wrong-curl");
        List<String> command = curl(curl, "smtp", paperpath.submissionPort, user, marker());
        command.addAll(List.of("--user", user + ":" + WRONG_PASSWORD, "--login-options", "AUTH=LOGIN"));
        ExternalCommand.Result result = run(command);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(67); // CURLE_LOGIN_DENIED
        assertThat(result.output()).contains("< 535 5.7.8 Authentication credentials invalid").doesNotContain("> MAIL FROM");
    }

    @Test
    @Order(22)
    void angusMailWithAWrongPasswordHears535() throws Exception {
        String user = mailbox("wrong-angus");
        Session session = angusSession("PLAIN", new ByteArrayOutputStream());
        try (Transport transport = session.getTransport("smtp")) {
            assertThatThrownBy(() -> transport.connect(user, WRONG_PASSWORD)).isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("535 5.7.8");
        }
    }

    // --- helpers ---

    private List<String> swaks(Path swaks, int port, String to, String marker, String... options) {
        List<String> command = new ArrayList<>(List.of(swaks.toString(), "--server", "127.0.0.1:" + port,
                "--helo", "swaks.client.test", "--from", to, "--to", to, "--timeout", "30",
                "--header", "Subject: interop " + marker, "--body", "Sent by swaks.\n.a dotted line\n"));
        command.addAll(List.of(options));
        return command;
    }

    /** curl with STARTTLS required ({@code smtp}) or implicit TLS ({@code smtps}), verifying the certificate. */
    private List<String> curl(Path curl, String scheme, int port, String to, String marker) throws Exception {
        Path file = tmp.resolve("curl-" + marker + ".eml");
        Files.writeString(file, "From: " + to + "\r\nTo: " + to + "\r\nSubject: interop " + marker
                + "\r\n\r\nSent by curl.\r\n.a dotted line\r\n", StandardCharsets.US_ASCII);
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-v", "-sS", "--max-time", "30",
                "--cacert", certificate.toString(), "--resolve", certificateName + ":" + port + ":127.0.0.1",
                scheme + "://" + certificateName + ":" + port + "/curl.client.test",
                "--mail-from", to, "--mail-rcpt", to, "-T", file.toString()));
        if (scheme.equals("smtp")) {
            command.add("--ssl-reqd");
        }
        return command;
    }

    /** Angus Mail on the submission port: STARTTLS required, trusting exactly the standalone's certificate. */
    private Session angusSession(String mechanism, ByteArrayOutputStream debug) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(paperpath.submissionPort));
        props.put("mail.smtp.localhost", "angus.client.test");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", mechanism);
        props.put("mail.smtp.ssl.socketFactory", trustingOnlyTheCertificate());
        // The certificate names the host, not 127.0.0.1, which is all the test may assume resolves here.
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.debug.auth", "true"); // the AUTH exchange in the transcript, not "trace suppressed"
        props.put("mail.smtp.connectiontimeout", "30000");
        props.put("mail.smtp.timeout", "30000");
        Session session = Session.getInstance(props);
        session.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
        session.setDebug(true);
        return session;
    }

    private SSLSocketFactory trustingOnlyTheCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("paperpath", readCertificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private X509Certificate readCertificate() throws Exception {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** The certificate's DNS name (the standalone puts the host name there), so curl can check it. */
    private static String dnsName(X509Certificate certificate) throws Exception {
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(name.get(0))) {
                return (String) name.get(1);
            }
        }
        throw new AssertionError("no DNS name in " + certificate.getSubjectX500Principal());
    }

    private ExternalCommand.Result run(List<String> command) throws Exception {
        return ExternalCommand.run(command, Map.of(), new byte[0], tmp.resolve("work"), TOOL_TIMEOUT);
    }

    /** Creates a mailbox and waits until the MX listener accepts it at RCPT. */
    private String mailbox(String localPart) throws Exception {
        String address = admin.createMailbox(DOMAIN, localPart, PASSWORD);
        Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, address, Duration.ofSeconds(20));
        return address;
    }

    /** The Maildir file (LF line endings) of {@code localPart} that contains {@code marker}, once delivered. */
    private String awaitDelivered(String localPart, String marker) throws Exception {
        return Mailboxes.awaitDelivered(paperpath, DOMAIN, localPart, marker, DELIVERY_TIMEOUT);
    }

    private static String marker() {
        return UUID.randomUUID().toString();
    }
}
