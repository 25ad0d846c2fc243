package org.paperpath.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.server.ConnectionLimiter;
import org.paperpath.smtp.server.SmtpChannelInitializer;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.smtp.server.SmtpMetrics;
import org.paperpath.smtp.server.SmtpSessionContext;
import org.paperpath.spool.Spool;

/** With no broker to acknowledge the envelope the client hears 451 and the spool keeps nothing. */
class BrokerUnreachableIT {

    @TempDir
    Path spoolDir;

    @Test
    void unreachableBrokerAnswers451AndLeavesNoSpoolResidue() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Duration queueTimeout = Duration.ofSeconds(2);
        Spool spool = new Spool(spoolDir);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InMemoryDirectory directory = new InMemoryDirectory();
        DirectoryEvent.DomainUpserted domain = new DirectoryEvent.DomainUpserted(1, "example.test", true);
        directory.apply(domain.key(), domain);
        DirectoryEvent.MailboxUpserted alice = new DirectoryEvent.MailboxUpserted(1, "alice@example.test",
                "example.test", "alice", true);
        directory.apply(alice.key(), alice);
        directory.markCaughtUp();
        SmtpSettings settings = new SmtpSettings("mx.test", 1 << 20, 100, 10);

        try (KafkaProducer<String, byte[]> producer = ReliableProducers.create("127.0.0.1:" + closedPort, "it",
                queueTimeout.dividedBy(2));
                SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, queueTimeout, Clock.systemUTC())) {
            SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                    new SmtpCommandDispatcher(settings, directory), sink, new SmtpMetrics(meters), Clock.systemUTC());
            SmtpIngressServer server = new SmtpIngressServer("127.0.0.1",
                    List.of(new SmtpIngressServer.Endpoint("smtp", 0,
                            new SmtpChannelInitializer(context, Duration.ofMinutes(1),
                            new ConnectionLimiter(1000, 20, context.metrics())))),
                    () -> { }, Duration.ofSeconds(1), meters);
            server.start();
            try (Socket socket = new Socket("127.0.0.1", server.port("smtp"))) {
                socket.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                assertThat(in.readLine()).startsWith("220 ");
                out.write(("HELO client.test\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
                        + "DATA\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(List.of(in.readLine(), in.readLine(), in.readLine(), in.readLine()))
                        .extracting(line -> line.substring(0, 3)).containsExactly("250", "250", "250", "354");
                long started = System.nanoTime();
                out.write("Subject: lost?\r\n\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).isEqualTo("451 4.3.0 queue unavailable, try again later");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(queueTimeout.plusSeconds(3));
            } finally {
                server.stop();
            }
            assertThat(spool.count()).isZero();
            assertThat(spool.pendingCount()).isZero();
            assertThat(meters.counter("paperpath.smtp.messages.rejected", "reason", "queue").count()).isEqualTo(1);
        }
    }
}
