package org.paperpath.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.spool.Spool;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** smtp-ingress as standalone wires it, against a real in-process broker, spoken to over a socket. */
class SmtpIngressIT {

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path data;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void messageIsAnswered250OnlyWithItsBodySpooledAndItsEnvelopeOnTheAcceptedTopic() throws Exception {
        try (ConfigurableApplicationContext context = start()) {
            SmtpIngressServer server = context.getBean(SmtpIngressServer.class);
            assertThat(server.boundPorts()).containsOnlyKeys("smtp", "submission");
            assertThat(server.port("smtp")).isPositive().isNotEqualTo(2525);
            assertThat(context.getBean("smtpIngressHealth", HealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);

            String queueId;
            try (SmtpClient client = new SmtpClient(server.port("smtp"))) {
                assertThat(client.reply()).isEqualTo("220 mx.test ESMTP Paperpath");
                assertThat(client.command("EHLO client.test")).contains("250-SIZE 36700160");
                assertThat(client.command("MAIL FROM:<sender@remote.test> RET=HDRS")).startsWith("250");
                assertThat(client.command("RCPT TO:<alice@example.test> NOTIFY=SUCCESS")).isEqualTo("250 2.1.5 Ok");
                assertThat(client.command("RCPT TO:<carol@example.test>")).isEqualTo("250 2.1.5 Ok");
                assertThat(client.command("DATA")).startsWith("354");
                String reply = client.command("Subject: it\r\n\r\n..leading dot\r\n.");
                assertThat(reply).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{24}");
                queueId = reply.substring(reply.lastIndexOf(' ') + 1);
                assertThat(client.command("QUIT")).startsWith("221");
            }

            MessageAccepted accepted = EventCodec.decode(recordFor(queueId).value(), MessageAccepted.class);
            assertThat(accepted.queueId()).isEqualTo(queueId);
            assertThat(accepted.sender()).isEqualTo("sender@remote.test");
            assertThat(accepted.recipients()).containsExactly("alice@example.test", "carol@example.test");
            assertThat(accepted.heloName()).isEqualTo("client.test");
            assertThat(accepted.dsn()).isEqualTo(new MessageAccepted.Dsn("HDRS", null, List.of(
                    new MessageAccepted.Dsn.Recipient(List.of("SUCCESS"), null),
                    new MessageAccepted.Dsn.Recipient(List.of(), null))));
            assertThat(accepted.esmtp()).isNull();
            assertThat(accepted.clientAddress()).isEqualTo("127.0.0.1");
            Spool spool = context.getBean(Spool.class);
            String body;
            try (InputStream in = spool.open(accepted.spoolRef())) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(body).startsWith("Received: from client.test (127.0.0.1)\r\n\tby mx.test (Paperpath) with ESMTP id "
                    + queueId + "; ");
            assertThat(body).endsWith("\r\nSubject: it\r\n\r\n.leading dot\r\n");
            assertThat(accepted.size()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
            assertThat(context.getBean(MeterRegistry.class).counter("paperpath.smtp.messages.accepted").count())
                    .isEqualTo(1);
        }
    }

    @Test
    void submissionListenerSpeaksTheSameProtocolAndShutdownSays421() throws Exception {
        ConfigurableApplicationContext context = start();
        SmtpIngressServer server = context.getBean(SmtpIngressServer.class);
        try (SmtpClient client = new SmtpClient(server.port("submission"))) {
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.command("HELO client.test")).startsWith("250");
            context.close();
            assertThat(client.reply()).isEqualTo("421 4.3.2 Service shutting down");
            assertThat(client.reply()).isNull();
        }
        assertThat(server.isRunning()).isFalse();
    }

    /** Settings as command-line arguments, the way an operator passes them. */
    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TestWiring.class)
                .web(WebApplicationType.NONE)
                .initializers(SmtpIngressIT::withFakeAuthenticator)
                .run("--paperpath.data-dir=" + data,
                        "--paperpath.hostname=mx.test",
                        "--paperpath.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--paperpath.smtp.bind-address=127.0.0.1",
                        "--paperpath.smtp.port=0",
                        "--paperpath.smtp.submission-port=0",
                        "--paperpath.smtp.shutdown-drain=5s");
    }

    /** account-service's part, played by {@link FakeAuthenticator}. */
    static void withFakeAuthenticator(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton("authenticator", new FakeAuthenticator());
    }

    private static ConsumerRecord<String, byte[]> recordFor(String queueId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().equals(queueId)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record for " + queueId + " on " + Topics.ACCEPTED);
    }

    /**
     * What standalone provides from outside: a directory and a meter registry. The authenticator comes
     * from {@link #withFakeAuthenticator}, registered before the configurations' conditions are read.
     */
    @Configuration(proxyBeanMethods = false)
    @Import(SmtpIngressConfiguration.class)
    static class TestWiring {

        @Bean
        Directory directory() {
            InMemoryDirectory directory = new InMemoryDirectory();
            DirectoryEvent.DomainUpserted domain = new DirectoryEvent.DomainUpserted(1, "example.test", true);
            directory.apply(domain.key(), domain);
            for (String user : new String[] {"alice", "carol"}) {
                DirectoryEvent.MailboxUpserted mailbox = new DirectoryEvent.MailboxUpserted(1, user + "@example.test",
                        "example.test", user, true);
                directory.apply(mailbox.key(), mailbox);
            }
            directory.markCaughtUp();
            return directory;
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
