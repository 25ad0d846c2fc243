package org.paperpath.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.kafka.TopicSpec;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** {@link KafkaDirectoryView} against a real in-process KRaft broker; each test uses its own topic. */
class KafkaDirectoryViewIT {

    private static EmbeddedKafkaKraftBroker broker;

    private KafkaProducer<String, byte[]> producer;
    private String topic;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @BeforeEach
    void createTopic() {
        topic = "directory-" + UUID.randomUUID();
        TopicProvisioner.ensure(broker.getBrokersAsString(), List.of(TopicSpec.compacted(topic, 2)));
        producer = ReliableProducers.create(broker.getBrokersAsString(), "directory-it", Duration.ofSeconds(10));
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void eventsPublishedBeforeStartAreThereOnceCaughtUp() throws Exception {
        publish(new DirectoryEvent.DomainUpserted(1, "example.test", true));
        publish(new DirectoryEvent.DomainUpserted(1, "off.test", false));
        publish(new DirectoryEvent.MailboxUpserted(1, "alice@example.test", "example.test", "alice", true));

        try (KafkaDirectoryView view = new KafkaDirectoryView(broker.getBrokersAsString(), topic)) {
            view.start();
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

            assertThat(view.isCaughtUp()).isTrue();
            assertThat(view.isLocalDomain("example.test")).isTrue();
            assertThat(view.isLocalDomain("off.test")).isFalse();
            assertThat(view.isLocalDomain("other.test")).isFalse();
            assertThat(view.mailbox("alice@example.test"))
                    .contains(new MailboxEntry("alice@example.test", "example.test", "alice", true));
        }
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnce() throws Exception {
        try (KafkaDirectoryView view = new KafkaDirectoryView(broker.getBrokersAsString(), topic)) {
            view.start();
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(view.mailbox("alice@example.test")).isEmpty();
        }
    }

    @Test
    void aTombstoneRemovesTheEntry() throws Exception {
        publish(new DirectoryEvent.MailboxUpserted(1, "bob@example.test", "example.test", "bob", true));
        publish(new DirectoryEvent.MailboxUpserted(1, "carol@example.test", "example.test", "carol", true));
        producer.send(new ProducerRecord<>(topic, DirectoryEvent.mailboxKey("bob@example.test"), null)).get();

        try (KafkaDirectoryView view = new KafkaDirectoryView(broker.getBrokersAsString(), topic)) {
            view.start();
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(view.mailbox("bob@example.test")).isEmpty();
            assertThat(view.mailbox("carol@example.test")).isPresent();
        }
    }

    @Test
    void anUndecodableRecordIsSkipped() throws Exception {
        producer.send(new ProducerRecord<>(topic, "mailbox:junk@example.test",
                "not json".getBytes(StandardCharsets.UTF_8))).get();
        publish(new DirectoryEvent.MailboxUpserted(1, "dave@example.test", "example.test", "dave", true));

        try (KafkaDirectoryView view = new KafkaDirectoryView(broker.getBrokersAsString(), topic)) {
            view.start();
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(view.mailbox("junk@example.test")).isEmpty();
            assertThat(view.mailbox("dave@example.test")).isPresent();
        }
    }

    @Test
    void aNewEventAfterCatchUpShowsUpWithinSeconds() throws Exception {
        try (KafkaDirectoryView view = new KafkaDirectoryView(broker.getBrokersAsString(), topic)) {
            view.start();
            assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            assertThat(view.mailbox("erin@example.test")).isEmpty();

            publish(new DirectoryEvent.MailboxUpserted(1, "erin@example.test", "example.test", "erin", true));
            assertThat(eventually(() -> view.mailbox("erin@example.test").isPresent(), Duration.ofSeconds(5))).isTrue();

            producer.send(new ProducerRecord<>(topic, DirectoryEvent.mailboxKey("erin@example.test"), null)).get();
            assertThat(eventually(() -> view.mailbox("erin@example.test").isEmpty(), Duration.ofSeconds(5))).isTrue();
        }
    }

    private void publish(DirectoryEvent event) throws Exception {
        producer.send(new ProducerRecord<>(topic, event.key(), EventCodec.encode(event))).get();
    }

    private static boolean eventually(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
