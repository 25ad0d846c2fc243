package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.kafka.testing.TopicReader;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.model.event.PaperpathEvent;
import org.paperpath.model.event.RemoteDelivery;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A queue-service member dies half way through publishing the routes of an expanded recipient; the
 * directory changes; a new member (the production wiring) takes over from Kafka alone. Every stored
 * route must be published again, identically (so delivery-local's queue id + recipient idempotence
 * makes a second copy impossible), and nothing the new directory says may be added.
 */
class QueueCrashReplayIT {

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path data;

    private final InMemoryDirectory directory = new InMemoryDirectory();

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PaperpathTopics.PARTITIONS);
        broker.afterPropertiesSet();
        TopicProvisioner.ensure(broker.getBrokersAsString(), PaperpathTopics.ALL);
        producer = ReliableProducers.create(broker.getBrokersAsString(), "queue-crash-it", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    private void mailbox(String local) {
        directory.apply("mailbox:" + local + "@example.org",
                new DirectoryEvent.MailboxUpserted(1, local + "@example.org", "example.org", local, true));
    }

    private void alias(String local, String... targets) {
        directory.apply("alias:" + local + "@example.org",
                new DirectoryEvent.AliasUpserted(1, local + "@example.org", "example.org", local, List.of(targets)));
    }

    private static void send(String topic, String key, PaperpathEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, EventCodec.encode(event))).get();
    }

    private static List<LocalDelivery> localDeliveries(String queueId) {
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.LOCAL_DELIVERIES)) {
            return reader.awaitMatch(r -> false, Duration.ofSeconds(2)).stream()
                    .map(r -> EventCodec.decode(r.value(), LocalDelivery.class))
                    .filter(d -> d.queueId().equals(queueId)).toList();
        }
    }

    private static List<RemoteDelivery> remoteDeliveries(String queueId) {
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.REMOTE_DELIVERIES)) {
            return reader.awaitMatch(r -> false, Duration.ofSeconds(2)).stream()
                    .map(r -> EventCodec.decode(r.value(), RemoteDelivery.class))
                    .filter(d -> d.queueId().equals(queueId)).toList();
        }
    }

    @Test
    void aMemberKilledMidwayThroughAnExpandedRecipientLosesNoRouteAndAddsNone() throws Exception {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        mailbox("alice");
        mailbox("carol");
        mailbox("dave");
        alias("team", "alice@example.org", "carol@example.org", "x@remote.net");
        directory.markCaughtUp();
        Spool spool = new Spool(data.resolve("spool"));
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write("Received: test\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            ref = writer.commit();
        }
        MessageAccepted m = new MessageAccepted(MessageAccepted.VERSION, id.value(), "sender@remote.net",
                List.of("team@example.org", "alice@example.org"), ref, 40, Instant.now(), "192.0.2.1", "client");
        String bootstrap = broker.getBrokersAsString();

        // The first member stores the routes, publishes alice's delivery and dies before carol's.
        try (CrashingProducer crashing = new CrashingProducer(bootstrap, Topics.LOCAL_DELIVERIES, 2)) {
            QueueStateStore store = new QueueStateStore(bootstrap, crashing, Duration.ofSeconds(30));
            QueueProcessor processor = new QueueProcessor(new Router(directory), store, crashing, spool,
                    Duration.ofSeconds(30), new SimpleMeterRegistry());
            ConsumerLoop member = ConsumerLoop.batched(bootstrap, QueueServiceConfiguration.GROUP, "doomed-queue",
                    List.of(Topics.ACCEPTED, Topics.DELIVERY_RESULTS), processor, Duration.ofMillis(200),
                    store::rebuild);
            member.start();
            try {
                send(Topics.ACCEPTED, m.queueId(), m);
                await().atMost(Duration.ofSeconds(60)).until(crashing::isDead);
            } finally {
                member.close();
            }
        }
        assertThat(localDeliveries(m.queueId())).extracting(LocalDelivery::recipient)
                .containsExactly("alice@example.org");
        assertThat(remoteDeliveries(m.queueId())).isEmpty();

        // Meanwhile the alias changes: what was routed before the crash must still be what is delivered.
        alias("team", "dave@example.org");

        new ApplicationContextRunner()
                .withBean(Directory.class, () -> directory)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(QueueServiceConfiguration.class)
                .withPropertyValues("paperpath.kafka.bootstrap-servers=" + bootstrap, "paperpath.data-dir=" + data,
                        "paperpath.hostname=queue-crash-it", "paperpath.queue.retry-pause=200ms")
                .run(context -> {
                    await().atMost(Duration.ofSeconds(60)).until(() -> localDeliveries(m.queueId()).size() >= 3
                            && remoteDeliveries(m.queueId()).size() == 1);
                    List<LocalDelivery> local = localDeliveries(m.queueId());
                    Set<String> routes = local.stream().map(d -> d.recipient() + " -> " + d.mailbox())
                            .collect(Collectors.toSet());
                    assertThat(routes).containsExactlyInAnyOrder("alice@example.org -> alice@example.org",
                            "carol@example.org -> carol@example.org");
                    // A record published twice is the same delivery (same queue id + recipient): idempotent downstream.
                    assertThat(local.stream().filter(d -> d.mailbox().equals("alice@example.org")).distinct())
                            .hasSize(1);
                    assertThat(remoteDeliveries(m.queueId())).extracting(RemoteDelivery::recipient)
                            .containsExactly("x@remote.net");

                    for (String recipient : List.of("alice@example.org", "carol@example.org", "x@remote.net")) {
                        send(Topics.DELIVERY_RESULTS, m.queueId(), new DeliveryResult(DeliveryResult.VERSION,
                                m.queueId(), recipient, DeliveryResult.Outcome.DELIVERED, "ok", Instant.now()));
                    }
                    await().atMost(Duration.ofSeconds(30)).until(() -> !spool.exists(m.spoolRef()));
                });
        assertThat(localDeliveries(m.queueId())).noneMatch(d -> d.mailbox().equals("dave@example.org"));
    }
}
