package org.paperpath.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.protocol.server.SelfSignedPem;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * STARTTLS, implicit TLS, AUTH and relay control over real sockets, with real clients (Angus Mail,
 * Python's smtplib) against smtp-ingress wired as standalone wires it, a self-signed certificate and
 * {@link FakeAuthenticator} in place of account-service.
 */
class SmtpTlsAuthIT {

    private static final String PLAIN_OK = "AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=";

    @TempDir
    static Path data;

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext context;
    private static SmtpIngressServer server;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        SelfSignedPem.ensure(data.resolve("tls/cert.pem"), data.resolve("tls/key.pem"), "mx.test");
        context = new SpringApplicationBuilder(SmtpIngressIT.TestWiring.class)
                .web(WebApplicationType.NONE)
                .initializers(SmtpIngressIT::withFakeAuthenticator)
                .run("--paperpath.data-dir=" + data,
                        "--paperpath.hostname=mx.test",
                        "--paperpath.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--paperpath.smtp.bind-address=127.0.0.1",
                        "--paperpath.smtp.port=0",
                        "--paperpath.smtp.submission-port=0",
                        "--paperpath.smtp.smtps-port=0",
                        "--paperpath.smtp.shutdown-drain=1s",
                        "--paperpath.smtp.tls.certificate=" + data.resolve("tls/cert.pem"),
                        "--paperpath.smtp.tls.private-key=" + data.resolve("tls/key.pem"),
                        "--paperpath.smtp.tls.reload-interval=0s");
        server = context.getBean(SmtpIngressServer.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        broker.destroy();
    }

    @Test
    void allThreeListenersAreBoundWithTls() {
        assertThat(server.boundPorts()).containsOnlyKeys("smtp", "submission", "submissions");
    }

    @Test
    void angusMailSendsOverStartTlsWithAuthOnSubmissionAndIsRelayed() throws Exception {
        Properties props = angus(server.port("submission"));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        double before = accepted();
        send(props, FakeAuthenticator.PASSWORD, "alice@example.test", "someone@elsewhere.test");
        assertThat(accepted()).isEqualTo(before + 1);
        assertThat(authenticator().services()).contains("submission");
    }

    @Test
    void angusMailSendsOverImplicitTls() throws Exception {
        Properties props = angus(server.port("submissions"));
        props.put("mail.smtp.ssl.enable", "true");
        double before = accepted();
        send(props, FakeAuthenticator.PASSWORD, "someone@elsewhere.test");
        assertThat(accepted()).isEqualTo(before + 1);
    }

    @Test
    void angusMailWithAWrongPasswordHears535AndTheFailureIsCounted() {
        Properties props = angus(server.port("submission"));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        double before = meters().counter("paperpath.smtp.auth", "result", "failure").count();
        assertThatThrownBy(() -> send(props, "wrong", "alice@example.test"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535 5.7.8");
        assertThat(meters().counter("paperpath.smtp.auth", "result", "failure").count()).isEqualTo(before + 1);
        assertThat(meters().counter("paperpath.smtp.tls.handshakes", "result", "success").count()).isPositive();
    }

    @Test
    void pythonSmtplibStartsTlsLogsInWithPlainAndLoginAndRelays() throws Exception {
        assumeThat(python()).as("python3 on PATH").isTrue();
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.test', timeout=30)",
                "s.ehlo()",
                "assert not s.has_extn('auth'), 'AUTH offered before TLS'",
                "assert s.has_extn('starttls')",
                "s.starttls(context=ssl._create_unverified_context())",
                "s.ehlo()",
                "assert s.has_extn('auth') and not s.has_extn('starttls'), s.esmtp_features",
                "try:",
                "    s.login('alice@example.test', 'wrong')",
                "    sys.exit('wrong password accepted')",
                "except smtplib.SMTPAuthenticationError as e:",
                "    print('rejected', e.smtp_code)",
                "s.user, s.password = 'alice@example.test', 'secret'",
                "code, _ = s.auth('LOGIN', s.auth_login)",
                "print('login', code)",
                "refused = s.sendmail('alice@example.test', ['someone@elsewhere.test', 'alice@example.test'],",
                "                     'Subject: via smtplib\\r\\n\\r\\nhello\\r\\n')",
                "print('refused', refused)",
                "s.quit()");
        Path file = data.resolve("client.py");
        Files.writeString(file, script);
        Process process = new ProcessBuilder("python3", file.toString(), Integer.toString(server.port("submission")))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("rejected 535", "login 235", "refused {}");
    }

    @Test
    void beforeTlsAuthIsNotOfferedAndSubmissionWantsAuth() throws Exception {
        try (SmtpClient client = new SmtpClient(server.port("submission"))) {
            client.reply();
            String ehlo = client.command("EHLO client.test");
            assertThat(ehlo).contains("250-CHUNKING\n250 STARTTLS").doesNotContain("AUTH");
            assertThat(client.command("AUTH PLAIN " + PLAIN_OK)).startsWith("538 5.7.11");
            assertThat(client.command("MAIL FROM:<alice@example.test>")).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void relayIsRefusedWithoutAuthEvenFromLoopbackAndAcceptedWithIt() throws Exception {
        try (SmtpClient client = new SmtpClient(server.port("smtp"))) {
            client.reply();
            client.command("EHLO client.test");
            assertThat(client.command("MAIL FROM:<sender@remote.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>"))
                    .isEqualTo("554 5.7.1 <someone@elsewhere.test>: relay access denied");
            assertThat(client.command("RSET")).startsWith("250");
            assertThat(client.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls();
            assertThat(client.command("EHLO client.test")).endsWith("250 AUTH PLAIN LOGIN");
            assertThat(client.command("AUTH PLAIN " + PLAIN_OK)).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.command("MAIL FROM:<alice@example.test>")).startsWith("250");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
        }
        assertThat(authenticator().services()).contains("smtp");
    }

    /** CVE-2011-0411: what the client pipelines behind STARTTLS in clear is never executed. */
    @Test
    void commandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
        try (SmtpClient client = new SmtpClient(server.port("smtp"))) {
            client.reply();
            client.command("EHLO client.test");
            client.write("STARTTLS\r\nMAIL FROM:<injected@remote.test>\r\nRCPT TO:<alice@example.test>\r\n");
            assertThat(client.reply()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls();
            assertThat(client.command("EHLO client.test")).startsWith("250-mx.test Hello client.test");
            assertThat(client.command("RCPT TO:<alice@example.test>")).startsWith("503 5.5.1");
        }
    }

    @Test
    void aRotatedCertificateIsPresentedToNewConnections() throws Exception {
        Path cert = data.resolve("tls/cert.pem");
        Path key = data.resolve("tls/key.pem");
        try (SmtpClient client = SmtpClient.implicitTls(server.port("submissions"))) {
            assertThat(client.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=mx.test");
            assertThat(client.reply()).startsWith("220 mx.test");
        }
        SelfSignedPem.write(cert, key, "rotated.test");
        FileTime later = FileTime.from(Instant.now().plusSeconds(60));
        Files.setLastModifiedTime(cert, later);
        Files.setLastModifiedTime(key, later);
        try (SmtpClient client = SmtpClient.implicitTls(server.port("submissions"))) {
            assertThat(client.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=rotated.test");
            assertThat(client.reply()).startsWith("220 mx.test");
        }
    }

    private static Properties angus(int port) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.localhost", "client.test");
        props.put("mail.smtp.connectiontimeout", "30000");
        props.put("mail.smtp.timeout", "30000");
        return props;
    }

    private static void send(Properties props, String password, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(FakeAuthenticator.USER));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject("via Angus Mail");
        message.setText("hello\n");
        Transport.send(message, FakeAuthenticator.USER, password);
    }

    private static MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    private static double accepted() {
        return meters().counter("paperpath.smtp.messages.accepted").count();
    }

    private static FakeAuthenticator authenticator() {
        return context.getBean(FakeAuthenticator.class);
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
