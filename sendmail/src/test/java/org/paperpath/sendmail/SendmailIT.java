package org.paperpath.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole command against a scripted SMTP server on loopback: the exact conversation and every exit status. */
class SendmailIT {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private ExitStatus run(int port, String stdin, String... args) {
        return run(port, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private ExitStatus run(int port, InputStream stdin, String... args) {
        Map<String, String> env = Map.of(
                "PAPERPATH_SENDMAIL_PORT", String.valueOf(port),
                "PAPERPATH_SENDMAIL_HOSTNAME", "client.test",
                "PAPERPATH_SENDMAIL_TIMEOUT", "10",
                "USER", "cron");
        return Sendmail.run(List.of(args), stdin, new PrintStream(stderr, true, StandardCharsets.UTF_8), env);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dashTSubmitsTheEnvelopeFromTheHeadersDotStuffedWithoutBccAndExitsZero() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            String message = String.join("\n",
                    "From: Bob <bob@sender.test>",
                    "To: Alice <alice@example.test>",
                    "Bcc: secret@example.test",
                    "Subject: dots",
                    "Date: Wed, 25 Nov 2026 16:00:00 +0000",
                    "Message-ID: <m1@sender.test>",
                    "",
                    ".leading dot",
                    "..two dots",
                    ".",
                    "after the lone dot, read because of -i",
                    "");
            assertThat(run(server.port(), message, "-t", "-i", "-f", "bounce@sender.test")).isEqualTo(ExitStatus.OK);
            assertThat(server.transcript()).containsExactly(
                    "S: 220 fake.test ESMTP",
                    "C: EHLO client.test",
                    "S: 250-fake.test",
                    "S: 250-PIPELINING",
                    "S: 250 8BITMIME",
                    "C: MAIL FROM:<bounce@sender.test>",
                    "S: 250 2.1.0 ok",
                    "C: RCPT TO:<alice@example.test>",
                    "S: 250 2.1.5 ok",
                    "C: RCPT TO:<secret@example.test>",
                    "S: 250 2.1.5 ok",
                    "C: DATA",
                    "S: 354 go ahead",
                    "D: From: Bob <bob@sender.test>",
                    "D: To: Alice <alice@example.test>",
                    "D: Subject: dots",
                    "D: Date: Wed, 25 Nov 2026 16:00:00 +0000",
                    "D: Message-ID: <m1@sender.test>",
                    "D: ",
                    "D: ..leading dot",
                    "D: ...two dots",
                    "D: ..",
                    "D: after the lone dot, read because of -i",
                    "D: .",
                    "S: 250 2.0.0 queued as Q1",
                    "C: QUIT",
                    "S: 221 2.0.0 bye");
        }
        assertThat(stderr()).isEmpty();
    }

    @Test
    void withoutDashIALoneDotEndsTheMessageAndMissingHeadersAreAdded() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            assertThat(run(server.port(), "Subject: cron\n\nfirst\n.\nnever sent\n", "-F", "Cron Daemon", "root@example.test"))
                    .isEqualTo(ExitStatus.OK);
            List<String> transcript = server.transcript();
            assertThat(transcript).contains("C: MAIL FROM:<cron@client.test>", "C: RCPT TO:<root@example.test>",
                    "D: Subject: cron", "D: From: Cron Daemon <cron@client.test>", "D: first");
            assertThat(transcript).anyMatch(l -> l.startsWith("D: Date: ")).anyMatch(l -> l.matches("D: Message-ID: <.+@client\\.test>"))
                    .noneMatch(l -> l.contains("never sent")).noneMatch(l -> l.contains("<bare LF>"));
        }
    }

    @Test
    void eightBitTextIsSentUnchangedWithBody8bitmime() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            assertThat(run(server.port(), "Subject: Grüße\n\nschöne Grüße\n", "a@example.test")).isEqualTo(ExitStatus.OK);
            assertThat(server.transcript()).contains("C: MAIL FROM:<cron@client.test> BODY=8BITMIME", "D: Subject: Grüße",
                    "D: schöne Grüße");
        }
    }

    @Test
    void anInternationalisedRecipientAsksForSmtputf8WhenOffered() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("EHLO", "250-fake.test\r\n250 SMTPUTF8"))) {
            assertThat(run(server.port(), "To: jörg@bücher.test\n\nx\n", "-t")).isEqualTo(ExitStatus.OK);
            assertThat(server.transcript()).contains("C: MAIL FROM:<cron@client.test> SMTPUTF8", "C: RCPT TO:<jörg@bücher.test>");
        }
    }

    @Test
    void dashVPrintsTheConversationOnStandardError() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of())) {
            assertThat(run(server.port(), "x\n", "-v", "a@example.test")).isEqualTo(ExitStatus.OK);
        }
        assertThat(stderr()).contains("S: 220 fake.test ESMTP", "C: RCPT TO:<a@example.test>", "S: 250 2.0.0 queued as Q1");
    }

    @Test
    void aServerWithoutEhloGetsHelo() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("EHLO", "502 5.5.1 no"))) {
            assertThat(run(server.port(), "x\n", "a@example.test")).isEqualTo(ExitStatus.OK);
            assertThat(server.transcript()).contains("C: HELO client.test", "C: MAIL FROM:<cron@client.test>");
        }
    }

    @Test
    void aPermanentlyRefusedRecipientSendsNothingAndExits69() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("RCPT TO:<nobody@example.test>", "550 5.1.1 no such user"))) {
            assertThat(run(server.port(), "x\n", "a@example.test", "nobody@example.test")).isEqualTo(ExitStatus.UNAVAILABLE);
            assertThat(server.transcript()).endsWith("C: RCPT TO:<a@example.test>", "S: 250 2.1.5 ok",
                    "C: RCPT TO:<nobody@example.test>", "S: 550 5.1.1 no such user", "C: QUIT", "S: 221 2.0.0 bye")
                    .noneMatch(l -> l.equals("C: DATA"));
        }
        assertThat(stderr()).contains("RCPT TO:<nobody@example.test>: 550 5.1.1 no such user", "message not sent");
    }

    @Test
    void aTemporaryRefusalAtTheEndOfDataExits75() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(".", "451 4.3.0 spool trouble"))) {
            assertThat(run(server.port(), "x\n", "a@example.test")).isEqualTo(ExitStatus.TEMPFAIL);
            assertThat(server.transcript()).endsWith("D: .", "S: 451 4.3.0 spool trouble", "C: QUIT", "S: 221 2.0.0 bye");
        }
        assertThat(stderr()).contains("end of data: 451 4.3.0 spool trouble");
    }

    @Test
    void aGreetingOf421Exits75AndOf554Exits69() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("greeting", "421 4.3.2 busy"))) {
            assertThat(run(server.port(), "x\n", "a@example.test")).isEqualTo(ExitStatus.TEMPFAIL);
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("greeting", "554 5.7.1 go away"))) {
            assertThat(run(server.port(), "x\n", "a@example.test")).isEqualTo(ExitStatus.UNAVAILABLE);
        }
    }

    @Test
    void aRefusedSenderExits69() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("MAIL", "553 5.1.7 bad sender"))) {
            assertThat(run(server.port(), "x\n", "-f", "bad@sender.test", "a@example.test")).isEqualTo(ExitStatus.UNAVAILABLE);
            assertThat(server.transcript()).noneMatch(l -> l.startsWith("C: RCPT"));
        }
    }

    @Test
    void aConnectionLostInTheMiddleExits75() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("DATA", "CLOSE"))) {
            assertThat(run(server.port(), "x\n", "a@example.test")).isEqualTo(ExitStatus.TEMPFAIL);
        }
        assertThat(stderr()).contains("connection lost during DATA");
    }

    @Test
    void aRefusedConnectionExits75() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(run(closedPort, "x\n", "a@example.test")).isEqualTo(ExitStatus.TEMPFAIL);
        assertThat(stderr()).contains("cannot connect to 127.0.0.1:" + closedPort);
    }

    @Test
    void noRecipientUnderDashTExits65AndNoneAtAllExits64() throws Exception {
        assertThat(run(1, "Subject: x\n\nbody\n", "-t")).isEqualTo(ExitStatus.DATAERR);
        assertThat(run(1, "Subject: x\n\nbody\n")).isEqualTo(ExitStatus.USAGE);
    }

    @Test
    void anUnknownOptionExits64BeforeReadingInput() throws Exception {
        assertThat(run(1, "x\n", "-bs")).isEqualTo(ExitStatus.USAGE);
        assertThat(stderr()).contains("-bs is not supported", "usage:");
    }

    @Test
    void anUnusablePortSettingExits78() {
        ExitStatus status = Sendmail.run(List.of("a@example.test"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Map.of("PAPERPATH_SENDMAIL_PORT", "smtp"));
        assertThat(status).isEqualTo(ExitStatus.CONFIG);
        assertThat(stderr()).contains("PAPERPATH_SENDMAIL_PORT=smtp is not a number from 1 to 65535");
    }

    @Test
    void anUnreadableStandardInputExits74() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Input/output error");
            }
        };
        assertThat(run(1, broken, "a@example.test")).isEqualTo(ExitStatus.IOERR);
        assertThat(stderr()).contains("cannot read the message from standard input: Input/output error");
    }

    @Test
    void theProcessExitStatusIsTheSysexitsCode() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of("RCPT", "550 5.7.1 relaying denied"))) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", Path.of("target", "classes").toAbsolutePath().toString(), Sendmail.class.getName(), "a@elsewhere.test"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PAPERPATH_SENDMAIL_PORT", String.valueOf(server.port()));
            Process process = builder.start();
            process.getOutputStream().write("Subject: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().close();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(69);
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("550 5.7.1 relaying denied");
        }
    }
}
