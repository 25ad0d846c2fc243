package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients people actually use, run as real programs against one standalone system: swaks, curl
 * (SMTP and POP3), Python's smtplib and poplib, fetchmail, and {@code paperpath-sendmail} through
 * its wrapper script. Each message must end up in the Maildir. A client that is not installed skips
 * its test and says which Debian package to install ({@code .ci/run} installs them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStandalone.class)
class RealClientsIT {

    private static final String DOMAIN = "clients.test";
    private static final String PASSWORD = "correct horse battery";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;

    private final StandaloneProcess paperpath;
    private final AdminApi admin;

    RealClientsIT(StandaloneProcess paperpath) {
        this.paperpath = paperpath;
        this.admin = paperpath.admin();
    }

    @Test
    void swaksGets250AndTheMessageIsDelivered() throws Exception {
        Path swaks = ExternalCommand.require("swaks", "swaks libio-socket-ssl-perl");
        String to = mailbox("swaks");
        String marker = marker();
        ExternalCommand.Result result = run(List.of(swaks.toString(), "--server", "127.0.0.1:" + paperpath.smtpPort,
                "--helo", "swaks.client.test", "--from", "bob@sender.test", "--to", to, "--timeout", "30",
                "--header", "Subject: swaks " + marker, "--body", "Sent by swaks.\n.a dotted line\n"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("-> \\.\\r?\\n<-  250 ");

        String delivered = awaitDelivered("swaks", marker);
        assertThat(delivered).startsWith("Return-Path: <bob@sender.test>\nDelivered-To: " + to + "\n")
                .contains("Subject: swaks " + marker, "\nSent by swaks.\n.a dotted line\n");
    }

    @Test
    void curlSendsOverSmtpAndReadsBackOverPop3() throws Exception {
        Path curl = ExternalCommand.require("curl", "curl");
        String to = mailbox("curl");
        String marker = marker();
        Path file = tmp.resolve("curl-message.eml");
        Files.writeString(file, "From: bob@sender.test\r\nTo: " + to + "\r\nSubject: curl " + marker
                + "\r\n\r\nSent by curl.\r\n.a dotted line\r\n", StandardCharsets.US_ASCII);
        ExternalCommand.Result sent = run(List.of(curl.toString(), "-sS", "--max-time", "30",
                "smtp://127.0.0.1:" + paperpath.smtpPort + "/curl.client.test",
                "--mail-from", "bob@sender.test", "--mail-rcpt", to, "-T", file.toString()));
        assertThat(sent.exitCode()).as(sent.output()).isZero();

        awaitDelivered("curl", marker);
        String pop3 = "pop3://127.0.0.1:" + paperpath.pop3Port + "/";
        ExternalCommand.Result list = run(List.of(curl.toString(), "-sS", "--max-time", "30", "--user", to + ":" + PASSWORD, pop3));
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).startsWith("1 ");
        ExternalCommand.Result retr = run(List.of(curl.toString(), "-sS", "--max-time", "30", "--user", to + ":" + PASSWORD,
                pop3 + "1"));
        assertThat(retr.exitCode()).as(retr.output()).isZero();
        assertThat(retr.output()).startsWith("Return-Path: <bob@sender.test>\r\n")
                .contains("Subject: curl " + marker + "\r\n", "\r\nSent by curl.\r\n.a dotted line\r\n");
    }

    @Test
    void pythonSmtplibSendsAndPoplibReadsBack() throws Exception {
        Path python = ExternalCommand.require("python3", "python3");
        String to = mailbox("python");
        String marker = marker();
        String script = String.join("\n",
                "import poplib, smtplib, sys, time",
                "host, smtp_port, pop3_port, to, password, marker = sys.argv[1:]",
                "with smtplib.SMTP(host, int(smtp_port), local_hostname='python.client.test', timeout=30) as s:",
                "    refused = s.sendmail('bob@sender.test', [to],",
                "        'From: bob@sender.test\\r\\nTo: ' + to + '\\r\\nSubject: python ' + marker + '\\r\\n\\r\\nSent by smtplib.\\r\\n.a dotted line\\r\\n')",
                "    assert refused == {}, refused",
                "deadline = time.time() + 30",
                "while True:",
                "    p = poplib.POP3(host, int(pop3_port), timeout=30)",
                "    p.user(to)",
                "    p.pass_(password)",
                "    count, size = p.stat()",
                "    if count >= 1 or time.time() > deadline:",
                "        break",
                "    p.quit()",
                "    time.sleep(0.3)",
                "assert count == 1, 'messages: %d' % count",
                "response, lines, octets = p.retr(1)",
                "p.quit()",
                "text = b'\\n'.join(lines).decode()",
                "assert ('Subject: python ' + marker) in text, text",
                "assert '\\nSent by smtplib.\\n.a dotted line' in text, text",
                "print('OK', response.decode())");
        ExternalCommand.Result result = run(List.of(python.toString(), "-c", script, "127.0.0.1",
                String.valueOf(paperpath.smtpPort), String.valueOf(paperpath.pop3Port), to, PASSWORD, marker));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).startsWith("OK +OK");
        assertThat(awaitDelivered("python", marker)).contains("Subject: python " + marker);
    }

    @Test
    void fetchmailRetrievesOverPop3() throws Exception {
        Path fetchmail = ExternalCommand.require("fetchmail", "fetchmail");
        String to = mailbox("fetchmail");
        String marker = marker();
        try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
            assertThat(smtp.reply()).startsWith("220");
            assertThat(smtp.send("EHLO java.client.test")).startsWith("250");
            assertThat(smtp.send("MAIL FROM:<bob@sender.test>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.send("DATA")).startsWith("354");
            assertThat(smtp.send("Subject: fetchmail " + marker + "\r\n\r\nFetch me.\r\n.")).startsWith("250");
            smtp.send("QUIT");
        }
        awaitDelivered("fetchmail", marker);

        Path home = Files.createDirectories(tmp.resolve("fetchmail-home"));
        Path mbox = home.resolve("fetched.mbox");
        Path rc = home.resolve("fetchmailrc");
        Files.writeString(rc, String.join("\n",
                "set no syslog",
                "poll 127.0.0.1 with proto POP3 service " + paperpath.pop3Port + " timeout 30",
                "  user \"" + to + "\" with password \"" + PASSWORD + "\"",
                "  options keep fetchall sslproto ''",
                "  mda \"cat >> " + mbox + "\"",
                ""));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        ExternalCommand.Result result = ExternalCommand.run(List.of(fetchmail.toString(), "--nodetach", "-f", rc.toString()),
                Map.of("FETCHMAILHOME", home.toString(), "HOME", home.toString()), new byte[0], home, TOOL_TIMEOUT);
        assertThat(result.exitCode()).as(result.output()).isZero(); // 0: one or more messages retrieved
        assertThat(Files.readString(mbox, StandardCharsets.ISO_8859_1)).contains("Subject: fetchmail " + marker, "Fetch me.");
    }

    @Test
    void paperpathSendmailDashTTakesRecipientsFromHeadersAndDropsBcc() throws Exception {
        Path sendmail = sendmailWrapper();
        String to = mailbox("sm-to");
        String bcc = mailbox("sm-bcc");
        String marker = marker();
        String message = String.join("\n",
                "From: Robot <robot@sender.test>",
                "To: Someone <" + to + ">",
                "Bcc: " + bcc,
                "Subject: sendmail " + marker,
                "",
                ".a dotted line",
                ".",
                "the lone dot above stays because of -i",
                "");
        ExternalCommand.Result result = sendmail(sendmail, message, "-t", "-i", "-f", "bounce@sender.test");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEmpty();

        for (String localPart : List.of("sm-to", "sm-bcc")) {
            String delivered = awaitDelivered(localPart, marker);
            assertThat(delivered).startsWith("Return-Path: <bounce@sender.test>\n")
                    .contains("\nTo: Someone <" + to + ">\n", "\n\n.a dotted line\n.\nthe lone dot above stays because of -i\n")
                    .doesNotContain("Bcc:").doesNotContain("\nBcc").containsPattern("\nDate: .+\n").containsPattern("\nMessage-ID: <.+>\n");
        }
    }

    @Test
    void paperpathSendmailDashFSetsTheEnvelopeSenderAndAddsFrom() throws Exception {
        Path sendmail = sendmailWrapper();
        String to = mailbox("sm-args");
        String marker = marker();
        ExternalCommand.Result result = sendmail(sendmail, "Subject: cron " + marker + "\n\nnightly report\n",
                "-f", "cron@sender.test", "-F", "Cron Daemon", "-oi", to);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(awaitDelivered("sm-args", marker)).startsWith("Return-Path: <cron@sender.test>\n")
                .contains("\nFrom: Cron Daemon <cron@sender.test>\n", "\nnightly report\n");
    }

    @Test
    void paperpathSendmailExits69ForAnUnknownUserAndARelayAttempt() throws Exception {
        Path sendmail = sendmailWrapper();
        mailbox("sm-exit"); // the domain must be local, whichever test ran first, or "nobody" is a relay attempt
        ExternalCommand.Result unknown = sendmail(sendmail, "Subject: x\n\nx\n", "nobody@" + DOMAIN);
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(69);
        assertThat(unknown.output()).contains("550 5.1.1");
        ExternalCommand.Result relay = sendmail(sendmail, "Subject: x\n\nx\n", "someone@elsewhere.test");
        assertThat(relay.exitCode()).as(relay.output()).isEqualTo(69);
        assertThat(relay.output()).contains("554 5.7.1");
    }

    // --- helpers ---

    private ExternalCommand.Result run(List<String> command) throws Exception {
        return ExternalCommand.run(command, Map.of(), new byte[0], tmp.resolve("work"), TOOL_TIMEOUT);
    }

    private ExternalCommand.Result sendmail(Path wrapper, String message, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(wrapper.toString()), Stream.of(args)).toList();
        return ExternalCommand.run(command,
                Map.of("PAPERPATH_SENDMAIL_PORT", String.valueOf(paperpath.smtpPort), "PAPERPATH_SENDMAIL_HOST", "127.0.0.1",
                        "JAVA_HOME", System.getProperty("java.home")),
                message.getBytes(StandardCharsets.UTF_8), tmp.resolve("work"), TOOL_TIMEOUT);
    }

    /** The wrapper script of the sibling module; its jar exists once {@code sendmail} was packaged (it builds first). */
    private static Path sendmailWrapper() throws IOException {
        Path module = Path.of("..", "sendmail").toAbsolutePath().normalize();
        Path wrapper = module.resolve("bin").resolve("paperpath-sendmail");
        Assumptions.assumeTrue(Files.isExecutable(wrapper), wrapper + " is missing: sendmail interop test skipped");
        Optional<Path> jar;
        Path target = module.resolve("target");
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            jar = files.filter(p -> p.getFileName().toString().matches("sendmail-.*\\.jar")).findFirst();
        }
        Assumptions.assumeTrue(jar.isPresent(),
                "no sendmail jar in " + target + " (./mvnw -B -pl sendmail package): sendmail interop test skipped");
        return wrapper;
    }

    /** Creates a mailbox and waits until the ingress accepts it at RCPT. */
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
