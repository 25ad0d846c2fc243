package org.paperpath.delivery.local;

import org.paperpath.maildir.Maildir;
import org.junit.jupiter.api.AfterEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.kafka.testing.TopicReader;
import org.paperpath.directory.Directory;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.DeliveryResult.Outcome;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class DeliveryLocalIT {

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path data;

    /** The marker moves of this test's deliveries land before its temporary directory is deleted (ADR 0003). */
    @AfterEach
    void awaitMarkerMoves() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).as("marker moves finished").isTrue();
    }

    private Spool spool;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        TopicProvisioner.ensure(broker.getBrokersAsString(), PaperpathTopics.ALL);
        producer = ReliableProducers.create(broker.getBrokersAsString(), "delivery-local-it", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    @BeforeEach
    void setUp() throws IOException {
        spool = new Spool(data.resolve("spool"));
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(DeliveryLocalConfiguration.class)
                .withPropertyValues("paperpath.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "paperpath.data-dir=" + data, "paperpath.hostname=local-it",
                        "paperpath.delivery-local.retry-pause=200ms");
    }

    private LocalDelivery spooled(String body) throws IOException {
        return spooled(body, "alice@example.org");
    }

    private LocalDelivery spooled(String body, String mailbox) throws IOException {
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(body.getBytes(StandardCharsets.UTF_8));
            ref = writer.commit();
        }
        return new LocalDelivery(LocalDelivery.VERSION, id.value(), mailbox, mailbox, "bob@remote.net", ref,
                Instant.now(), 1);
    }

    private static void publish(LocalDelivery delivery) throws Exception {
        producer.send(new ProducerRecord<>(Topics.LOCAL_DELIVERIES, delivery.mailbox(), EventCodec.encode(delivery)))
                .get();
    }

    private static List<DeliveryResult> awaitResults(String queueId, int count) {
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.DELIVERY_RESULTS)) {
            List<DeliveryResult> mine = List.of();
            Instant deadline = Instant.now().plusSeconds(60);
            while (mine.size() < count && Instant.now().isBefore(deadline)) {
                mine = reader.awaitMatch(r -> false, Duration.ofMillis(500)).stream()
                        .map(r -> EventCodec.decode(r.value(), DeliveryResult.class))
                        .filter(r -> r.queueId().equals(queueId))
                        .toList();
            }
            assertThat(mine).as("results for %s", queueId).hasSize(count);
            return mine;
        }
    }

    /**
     * The messages in alice's new/, as a reader sees them: without dot names, such as a delivery
     * marker still in new/ (libs/maildir moves it out after the delivery; a JVM halted right after a
     * delivery leaves it there, as ADR 0003's crash states describe).
     */
    private List<Path> inbox() throws IOException {
        Path dir = data.resolve("mail/example.org/alice/new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aLocalDeliveryIsWrittenToTheMaildirAndReportedDelivered() {
        runner().run(context -> {
            LocalDelivery d = spooled("Received: from x\r\nSubject: hi\r\n\r\nbody\r\n");
            publish(d);

            DeliveryResult result = awaitResults(d.queueId(), 1).get(0);

            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.recipient()).isEqualTo("alice@example.org");
            assertThat(inbox()).hasSize(1);
            assertThat(Files.readString(inbox().get(0)))
                    .startsWith("Return-Path: <bob@remote.net>\nDelivered-To: alice@example.org\nReceived: from x\n");
            HealthIndicator health = context.getBean("deliveryLocalHealth", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // The counter moves just after the result's ack.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> meters.counter("paperpath.delivery.local.deliveries", "result", "delivered").count() == 1.0);
        });
    }

    @Test
    void theSameRecordTwiceLeavesExactlyOneFile() {
        runner().run(context -> {
            LocalDelivery d = spooled("Received: from x\r\n\r\nbody\r\n");
            publish(d);
            publish(d);

            List<DeliveryResult> results = awaitResults(d.queueId(), 2);

            assertThat(results).extracting(DeliveryResult::outcome).containsOnly(Outcome.DELIVERED);
            assertThat(inbox()).hasSize(1);
        });
    }

    @Test
    void aLoopFailsAndWritesNothing() {
        runner().run(context -> {
            LocalDelivery d = spooled("Received: from x\r\nDelivered-To: alice@example.org\r\n\r\nbody\r\n");
            publish(d);

            DeliveryResult result = awaitResults(d.queueId(), 1).get(0);

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.detail()).contains("loop detected");
            assertThat(inbox()).isEmpty();
        });
    }

    @Test
    void aMailboxOverItsQuotaIsDeferredAndNothingIsWritten() throws Exception {
        producer.send(new ProducerRecord<>(Topics.DIRECTORY, DirectoryEvent.mailboxKey("full@example.org"),
                EventCodec.encode(new DirectoryEvent.MailboxUpserted(1, "full@example.org", "example.org", "full", true,
                        10L, null, null, null)))).get();
        runner().run(context -> {
            Directory directory = context.getBean(Directory.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> directory.mailbox("full@example.org")
                    .map(m -> Long.valueOf(10).equals(m.quotaBytes())).orElse(false));
            LocalDelivery d = spooled("Received: from x\r\nSubject: big\r\n\r\nbody\r\n", "full@example.org");
            publish(d);

            DeliveryResult result = awaitResults(d.queueId(), 1).get(0);

            assertThat(result.outcome()).isEqualTo(Outcome.DEFERRED);
            assertThat(result.detail()).startsWith("4.2.2 mailbox full");
            Path box = data.resolve("mail/example.org/full");
            try (Stream<Path> written = Stream.concat(Files.list(box.resolve("new")), Files.list(box.resolve("tmp")))) {
                assertThat(written).isEmpty();
            }
            assertThat(Files.readString(box.resolve("maildirsize"))).isEqualTo("10S\n0 0\n");
        });
    }

    @Test
    void aMailboxWithAnActiveAutoresponderQueuesAVacationReplyOnTheAcceptedTopic() throws Exception {
        producer.send(new ProducerRecord<>(Topics.DIRECTORY, DirectoryEvent.mailboxKey("away@example.org"),
                EventCodec.encode(new DirectoryEvent.MailboxUpserted(1, "away@example.org", "example.org", "away", true,
                        null, null, null, null, List.of(), null,
                        new DirectoryEvent.Autoresponder("Out of office", "Back soon.", null, null, 86_400))))).get();
        runner().run(context -> {
            Directory directory = context.getBean(Directory.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> directory.mailbox("away@example.org")
                    .map(m -> m.autoresponder() != null).orElse(false));
            LocalDelivery d = spooled("Received: from x\r\nTo: away@example.org\r\nMessage-ID: <v1@remote.net>\r\n"
                    + "Subject: hi\r\n\r\nbody\r\n", "away@example.org");
            publish(d);

            assertThat(awaitResults(d.queueId(), 1).get(0).outcome()).isEqualTo(Outcome.DELIVERED);
            try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.ACCEPTED)) {
                List<MessageAccepted> replies = reader.awaitMatch(r -> true, Duration.ofSeconds(30)).stream()
                        .map(r -> EventCodec.decode(r.value(), MessageAccepted.class)).toList();
                assertThat(replies).hasSize(1);
                assertThat(replies.get(0).sender()).isEmpty();
                assertThat(replies.get(0).recipients()).containsExactly("bob@remote.net");
                assertThat(spool.exists(replies.get(0).spoolRef())).isTrue();
            }
        });
    }

    @Test
    void aDeliveryKilledMidwayLeavesExactlyOneCopyAfterRestart() throws Exception {
        LocalDelivery d = spooled("Received: from x\r\nSubject: crash\r\n\r\nbody\r\n");
        publish(d);

        Process crashing = new ProcessBuilder(javaBinary(), "-cp", testClassPath(),
                CrashingDeliveryLocalMain.class.getName(), broker.getBrokersAsString(), data.toString(), d.queueId())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("crashing.log").toFile())
                .start();
        assertThat(crashing.waitFor(90, TimeUnit.SECONDS)).as("crashing delivery-local ended").isTrue();
        assertThat(crashing.exitValue()).as("exit status; log:%n%s", Files.readString(data.resolve("crashing.log")))
                .isEqualTo(CrashingDeliveryLocalMain.HALT_STATUS);
        assertThat(inbox()).as("written before the crash").hasSize(1);

        runner().run(context -> {
            DeliveryResult result = awaitResults(d.queueId(), 1).get(0);
            assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(result.detail()).startsWith("already delivered");
            assertThat(inbox()).hasSize(1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> inbox().size() == 1);
        });
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; its class path is what the child needs. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
