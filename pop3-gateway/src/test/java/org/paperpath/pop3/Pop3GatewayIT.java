package org.paperpath.pop3;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.account.client.Authenticator;
import org.paperpath.maildir.Maildir;
import org.paperpath.pop3.server.Pop3Server;
import org.paperpath.pop3.server.Pop3TestSupport;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * pop3-gateway as standalone wires it (its configuration, a MeterRegistry and an Authenticator from
 * outside), on a real socket, read by Python's poplib byte for byte.
 */
class Pop3GatewayIT {

    @TempDir
    Path data;

    /** The marker moves of this test's deliveries land before its temporary directory is deleted (ADR 0003). */
    @AfterEach
    void awaitMarkerMoves() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).as("marker moves finished").isTrue();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(Authenticator.class, Pop3TestSupport::authenticator)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(Pop3GatewayConfiguration.class)
                .withPropertyValues("paperpath.data-dir=" + data, "paperpath.hostname=it.test",
                        "paperpath.pop3.port=0", "paperpath.pop3.bind-address=127.0.0.1",
                        "paperpath.pop3.drain-time=2s");
    }

    @Test
    void pythonPoplibFetchesEveryMessageByteForByteAndQuitDeletesOnlyWhatWasMarked() throws Exception {
        Path maildir = Pop3TestSupport.aliceMaildir(data.resolve("mail"));
        byte[] big = bigMessage();
        Maildir.open(maildir, "it.test").deliver("queue-1/alice@example.test", new ByteArrayInputStream(big));
        Path out = Files.createDirectory(data.resolve("fetched"));
        Path script = data.resolve("fetch_all.py");
        try (InputStream in = getClass().getResourceAsStream("/poplib/fetch_all.py")) {
            Files.copy(in, script);
        }

        runner().run(context -> {
            Pop3Server server = context.getBean(Pop3Server.class);
            assertThat(context.getBean("pop3GatewayHealth", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);

            String summary = python(script, server.port(), out);

            assertThat(summary).contains("\"welcome\": \"+OK Paperpath POP3 ready\"")
                    .contains("\"stat\": [4, " + (131 + crlf(big).length) + "]")
                    .contains("\"UIDL\"", "\"TOP\"", "\"PIPELINING\"", "\"RESP-CODES\"")
                    .contains("\"1 1700000001.M000001P100Q1.test\"")
                    .contains("\"top\": [\"Subject: dots\", \"\", \".leading dot\"]")
                    .contains("\"quit\": \"+OK Paperpath POP3 signing off (1 messages deleted)\"");
            assertThat(Files.readAllBytes(out.resolve("1.eml"))).isEqualTo(crlf(utf8(Pop3TestSupport.MESSAGE_1)));
            assertThat(Files.readAllBytes(out.resolve("2.eml"))).isEqualTo(crlf(utf8(Pop3TestSupport.MESSAGE_2)));
            // already CRLF on disk except the last line end: no CR CR LF
            assertThat(Files.readAllBytes(out.resolve("3.eml")))
                    .isEqualTo(utf8("Subject: crlf\r\n\r\nline one\r\nline two\r\n"));
            assertThat(Files.readAllBytes(out.resolve("4.eml"))).isEqualTo(crlf(big));
            assertThat(Files.exists(maildir.resolve("new/1700000001.M000001P100Q1.test"))).isFalse();
            assertThat(Pop3TestSupport.messageCount(maildir)).isEqualTo(3);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("paperpath.pop3.logins").tag("result", "ok").counter().count()).isEqualTo(1);
            assertThat(meters.get("paperpath.pop3.deleted").counter().count()).isEqualTo(1);
            assertThat(meters.get("paperpath.pop3.sessions").counter().count()).isEqualTo(1);
            assertThat(meters.get("paperpath.pop3.retrieved.bytes").counter().count())
                    .isGreaterThan(crlf(big).length);
        });
    }

    @Test
    void shutdownTellsAnOpenSessionAndKeepsItsMarks() throws Exception {
        Path maildir = Pop3TestSupport.aliceMaildir(data.resolve("mail"));
        runner().run(context -> {
            Pop3Server server = context.getBean(Pop3Server.class);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                socket.getOutputStream().write(
                        "USER alice@example.test\r\nPASS secret\r\nDELE 1\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine())).containsExactly(
                        "+OK Paperpath POP3 ready", "+OK send PASS",
                        "+OK alice@example.test has 3 messages (131 octets)", "+OK message 1 deleted");

                context.close();

                assertThat(in.readLine()).isEqualTo("-ERR [SYS/TEMP] server shutting down");
                assertThat(in.readLine()).isNull();
            }
            assertThat(server.isRunning()).isFalse();
            assertThat(Pop3TestSupport.messageCount(maildir)).isEqualTo(3);
        });
    }

    private static String python(Path script, int port, Path out) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", script.toString(), "127.0.0.1", String.valueOf(port),
                out.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** 3 MiB of short lines, some starting with a dot: streamed, never loaded whole by the server. */
    private static byte[] bigMessage() {
        StringBuilder text = new StringBuilder("Subject: big\n\n");
        for (int i = 0; text.length() < 3 * 1024 * 1024; i++) {
            text.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" of a large message\n");
        }
        return utf8(text.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** LF to CRLF, and a final CRLF if missing: what a POP3 client receives. */
    private static byte[] crlf(byte[] lf) {
        String s = new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n");
        if (!s.endsWith("\r\n")) {
            s += "\r\n";
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
