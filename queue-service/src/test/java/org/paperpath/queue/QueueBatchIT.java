package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One poll is one batch: its writes are sent at once and acked together before its offsets are
 * committed. Against a real broker: a batch costs two waits (its state, then its deliveries) however
 * many records it holds; a lost
 * ack mid-batch redoes the whole batch from what queue-state holds, losing no route and repeating
 * only identical deliveries (idempotent downstream by queue id + recipient).
 */
class QueueBatchIT {

    private static EmbeddedKafkaKraftBroker broker;
    private static String bootstrap;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path data;

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private Spool spool;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PaperpathTopics.PARTITIONS);
        broker.afterPropertiesSet();
        bootstrap = broker.getBrokersAsString();
        TopicProvisioner.ensure(bootstrap, PaperpathTopics.ALL);
        producer = ReliableProducers.create(bootstrap, "queue-batch-it", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    @BeforeEach
    void setUp() throws Exception {
        spool = new Spool(data.resolve("spool"));
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        for (String local : List.of("alice", "bob")) {
            directory.apply("mailbox:" + local + "@example.org",
                    new DirectoryEvent.MailboxUpserted(1, local + "@example.org", "example.org", local, true));
        }
        directory.markCaughtUp();
    }

    private MessageAccepted accepted(String... recipients) throws Exception {
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write("Subject: batch\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            ref = writer.commit();
        }
        return new MessageAccepted(MessageAccepted.VERSION, id.value(), "s@remote.net", List.of(recipients), ref, 20,
                Instant.now(), "192.0.2.1", "batch");
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int offset, String key, PaperpathEvent event) {
        return new ConsumerRecord<>(topic, 2, offset, key, EventCodec.encode(event));
    }

    private static DeliveryResult delivered(MessageAccepted m, String recipient) {
        return new DeliveryResult(DeliveryResult.VERSION, m.queueId(), recipient, DeliveryResult.Outcome.DELIVERED,
                "ok", Instant.now());
    }

    private static List<LocalDelivery> localDeliveries(Set<String> queueIds) {
        try (TopicReader reader = new TopicReader(bootstrap, Topics.LOCAL_DELIVERIES)) {
            return reader.awaitMatch(r -> false, Duration.ofSeconds(2)).stream()
                    .map(r -> EventCodec.decode(r.value(), LocalDelivery.class))
                    .filter(d -> queueIds.contains(d.queueId())).toList();
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.ACCEPTED))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    @Test
    void oneBatchWaitsOnceForItsStateAndOnceForItsDeliveriesNotPerRecord() throws Exception {
        try (ScriptedProducer scripted = new ScriptedProducer(bootstrap)) {
            QueueStateStore store = new QueueStateStore(bootstrap, scripted, Duration.ofSeconds(30));
            QueueProcessor processor = new QueueProcessor(new Router(directory), store, spool, new SimpleMeterRegistry());
            List<MessageAccepted> messages = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                MessageAccepted m = accepted("alice@example.org");
                messages.add(m);
                batch.add(record(Topics.ACCEPTED, i, m.queueId(), m));
            }

            processor.handleBatch(batch);

            List<String> events = scripted.drainEvents();
            assertThat(events).hasSize(80).filteredOn("wait"::equals).hasSize(40);
            // Every state put at once, one wait for all; then every delivery at once, one wait for all.
            assertThat(ScriptedProducer.runs(events)).containsExactly("send " + Topics.QUEUE_STATE, "wait",
                    "send " + Topics.LOCAL_DELIVERIES, "wait");
            assertThat(ScriptedProducer.waitPhases(events)).isEqualTo(2);
            for (MessageAccepted m : messages) {
                assertThat(store.get(2, m.queueId())).isNotNull();
            }

            // The same seam sees two waits per record when each record is a batch of its own, as
            // before batching (state acked, then the delivery acked).
            for (int i = 0; i < 3; i++) {
                MessageAccepted m = accepted("bob@example.org");
                processor.handleBatch(List.of(record(Topics.ACCEPTED, 20 + i, m.queueId(), m)));
            }
            assertThat(ScriptedProducer.waitPhases(scripted.drainEvents())).isEqualTo(6);
        }
    }

    @Test
    void aResultInTheSameBatchAsItsMessageSeesTheBatchsOwnState() throws Exception {
        try (ScriptedProducer scripted = new ScriptedProducer(bootstrap)) {
            QueueStateStore store = new QueueStateStore(bootstrap, scripted, Duration.ofSeconds(30));
            QueueProcessor processor = new QueueProcessor(new Router(directory), store, spool, new SimpleMeterRegistry());
            MessageAccepted m = accepted("alice@example.org");

            // Poll order across topics is arbitrary: the result may come first; accepted records go first.
            processor.handleBatch(List.of(record(Topics.DELIVERY_RESULTS, 0, m.queueId(), delivered(m, "alice@example.org")),
                    record(Topics.ACCEPTED, 0, m.queueId(), m)));

            assertThat(spool.exists(m.spoolRef())).isFalse();
            assertThat(store.get(2, m.queueId())).isNull();
            // Put and tombstone, one wait; the delivery held for a message final in the batch is dropped.
            List<String> events = scripted.drainEvents();
            assertThat(events).containsExactly("send " + Topics.QUEUE_STATE, "send " + Topics.QUEUE_STATE, "wait",
                    "wait");
        }
    }

    /** The third state put of the batch, or its fourth delivery, is never acked (nor written). */
    @ParameterizedTest
    @CsvSource({ Topics.QUEUE_STATE + ",3", Topics.LOCAL_DELIVERIES + ",4" })
    void aLostAckMidBatchRedoesTheBatchWithNoLostRouteAndOnlyIdenticalDeliveriesAgain(String failTopic, int failAt)
            throws Exception {
        List<MessageAccepted> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MessageAccepted m = accepted("alice@example.org", "bob@example.org");
            messages.add(m);
            producer.send(new ProducerRecord<>(Topics.ACCEPTED, m.queueId(), EventCodec.encode(m)));
        }
        producer.flush();
        Set<String> ids = messages.stream().map(MessageAccepted::queueId).collect(Collectors.toSet());
        String group = "queue-batch-it-lost-ack-" + failTopic;
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

        try (ScriptedProducer scripted = new ScriptedProducer(bootstrap, failTopic, failAt);
                Admin admin = Admin.create(adminProps)) {
            QueueStateStore store = new QueueStateStore(bootstrap, scripted, Duration.ofSeconds(30));
            QueueProcessor processor = new QueueProcessor(new Router(directory), store, spool, new SimpleMeterRegistry());
            ConsumerLoop member = ConsumerLoop.batched(bootstrap, group, "batch-queue",
                    List.of(Topics.ACCEPTED, Topics.DELIVERY_RESULTS), processor, Duration.ofMillis(200),
                    store::rebuild);
            member.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin, group) >= messages.size());
                assertThat(scripted.lost()).as("an ack failed").isNotNull();

                // Nothing lost: queue-state holds every route of every message, pending.
                QueueStateStore fresh = new QueueStateStore(bootstrap, producer, Duration.ofSeconds(30));
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < PaperpathTopics.PARTITIONS; p++) {
                    all.add(new TopicPartition(Topics.ACCEPTED, p));
                }
                fresh.rebuild(all);
                for (MessageAccepted m : messages) {
                    QueueEntry entry = null;
                    for (int p = 0; p < PaperpathTopics.PARTITIONS && entry == null; p++) {
                        entry = fresh.get(p, m.queueId());
                    }
                    assertThat(entry).as("state of %s", m.queueId()).isNotNull();
                    assertThat(entry.recipients().keySet()).containsExactly("alice@example.org", "bob@example.org");
                }

                // Every route delivered; a route published twice is the identical delivery (idempotent downstream).
                List<LocalDelivery> deliveries = localDeliveries(ids);
                Map<String, List<LocalDelivery>> byRoute = deliveries.stream()
                        .collect(Collectors.groupingBy(d -> d.queueId() + " " + d.recipient()));
                assertThat(byRoute).hasSize(2 * messages.size());
                byRoute.forEach((route, copies) -> {
                    assertThat(copies.stream().distinct()).as(route).hasSize(1);
                    assertThat(copies).as(route).hasSizeLessThanOrEqualTo(2);
                });

                // And the state is right: every result makes its message final.
                for (MessageAccepted m : messages) {
                    for (String recipient : List.of("alice@example.org", "bob@example.org")) {
                        producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, m.queueId(),
                                EventCodec.encode(delivered(m, recipient)))).get();
                    }
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> messages.stream().noneMatch(m -> spool.exists(m.spoolRef())));
            } finally {
                member.close();
            }
        }
    }
}
