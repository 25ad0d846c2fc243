package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.model.event.RemoteDelivery;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.model.event.PaperpathEvent;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;

/** The processor's decisions without a broker: a mock producer records what would be published. */
class QueueProcessorTest {

    @TempDir
    Path data;

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Spool spool;
    private QueueStateStore store;
    private QueueProcessor processor;

    @BeforeEach
    void setUp() throws IOException {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("mailbox:alice@example.org",
                new DirectoryEvent.MailboxUpserted(1, "alice@example.org", "example.org", "alice", true));
        directory.markCaughtUp();
        spool = new Spool(data);
        store = new QueueStateStore("unused:9092", producer, Duration.ofSeconds(5));
        processor = new QueueProcessor(new Router(directory), store, producer, spool, Duration.ofSeconds(5), meters);
    }

    private MessageAccepted accepted(String... recipients) throws IOException {
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write("Received: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            ref = writer.commit();
        }
        return new MessageAccepted(1, id.value(), "s@remote.net", List.of(recipients), ref, 20, Instant.now(),
                "192.0.2.1", "helo");
    }

    private void consume(String topic, String key, PaperpathEvent event) throws Exception {
        processor.handle(new ConsumerRecord<>(topic, 3, 0L, key, EventCodec.encode(event)));
    }

    private List<String> published(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).map(ProducerRecord::key).toList();
    }

    @Test
    void theStateIsWrittenBeforeTheDeliveriesAndOnTheSamePartition() throws Exception {
        MessageAccepted m = accepted("alice@example.org", "x@remote.net");

        consume(Topics.ACCEPTED, m.queueId(), m);

        List<ProducerRecord<String, byte[]>> history = producer.history();
        assertThat(history).extracting(ProducerRecord::topic)
                .containsExactly(Topics.QUEUE_STATE, Topics.LOCAL_DELIVERIES, Topics.REMOTE_DELIVERIES);
        assertThat(history.get(0).partition()).isEqualTo(3);
        assertThat(published(Topics.LOCAL_DELIVERIES)).containsExactly("alice@example.org");
        assertThat(published(Topics.REMOTE_DELIVERIES)).containsExactly("remote.net");
    }

    /** An envelope as smtp-ingress writes it (ADR 0004): published while its body was being fsynced. */
    private MessageAccepted publishedBeforeDurable(byte[] body) throws IOException {
        QueueId id = QueueId.generate();
        String ref;
        long crc;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(body);
            ref = writer.publish();
            crc = writer.crc32c();
        }
        return new MessageAccepted(1, id.value(), "s@remote.net", List.of("alice@example.org"), ref, body.length,
                Instant.now(), "192.0.2.1", "helo", null, null, null, crc);
    }

    @Test
    void anEnvelopeWithAChecksumIsQueuedWhenItsBodyIsWhole() throws Exception {
        MessageAccepted m = publishedBeforeDurable("Received: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(published(Topics.LOCAL_DELIVERIES)).containsExactly("alice@example.org");
        assertThat(meters.find("paperpath.queue.messages").tag("event", "dropped-incomplete-body").counter())
                .isNull();
    }

    @Test
    void anEnvelopeWhoseBodyACrashLeftShortOrZeroedIsDroppedAndTheBodyFreed() throws Exception {
        byte[] body = "Received: x\r\n\r\nbody of the message\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageAccepted shortBody = publishedBeforeDurable(body);
        Files.write(spool.root().resolve(shortBody.spoolRef()), java.util.Arrays.copyOf(body, 10));
        MessageAccepted zeroed = publishedBeforeDurable(body);
        byte[] hole = body.clone();
        java.util.Arrays.fill(hole, 12, 20, (byte) 0);
        Files.write(spool.root().resolve(zeroed.spoolRef()), hole);

        consume(Topics.ACCEPTED, shortBody.queueId(), shortBody);
        consume(Topics.ACCEPTED, zeroed.queueId(), zeroed);

        assertThat(producer.history()).as("nothing stored, nothing delivered").isEmpty();
        assertThat(spool.exists(shortBody.spoolRef())).isFalse();
        assertThat(spool.exists(zeroed.spoolRef())).isFalse();
        assertThat(meters.counter("paperpath.queue.messages", "event", "dropped-incomplete-body").count())
                .isEqualTo(2.0);
    }

    @Test
    void anEnvelopeWhoseBodyTheIngressDeletedIsIgnored() throws Exception {
        MessageAccepted m = publishedBeforeDurable("Received: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        spool.delete(m.spoolRef());

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anAcceptedMessageSeenAgainRepublishesOnlyItsPendingRecipients() throws Exception {
        MessageAccepted m = accepted("alice@example.org", "x@remote.net");
        consume(Topics.ACCEPTED, m.queueId(), m);
        consume(Topics.DELIVERY_RESULTS, m.queueId(), new DeliveryResult(1, m.queueId(), "alice@example.org",
                DeliveryResult.Outcome.DELIVERED, "ok", Instant.now()));
        producer.clear();

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(published(Topics.LOCAL_DELIVERIES)).isEmpty();
        assertThat(published(Topics.REMOTE_DELIVERIES)).containsExactly("remote.net");
        assertThat(spool.exists(m.spoolRef())).isTrue();
    }

    @Test
    void aMessageWhoseRecipientsAllFailAtRoutingIsFinalAtOnce() throws Exception {
        MessageAccepted m = accepted("nobody@example.org");

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(spool.exists(m.spoolRef())).isFalse();
        assertThat(producer.history()).hasSize(1);
        assertThat(producer.history().get(0).topic()).isEqualTo(Topics.QUEUE_STATE);
        assertThat(producer.history().get(0).value()).isNull();
    }

    @Test
    void aFinalResultOfEveryRecipientFreesTheSpoolAndTombstones() throws Exception {
        MessageAccepted m = accepted("alice@example.org", "x@remote.net");
        consume(Topics.ACCEPTED, m.queueId(), m);

        consume(Topics.DELIVERY_RESULTS, m.queueId(), new DeliveryResult(1, m.queueId(), "x@remote.net",
                DeliveryResult.Outcome.FAILED, "550", Instant.now()));
        assertThat(spool.exists(m.spoolRef())).isTrue();
        consume(Topics.DELIVERY_RESULTS, m.queueId(), new DeliveryResult(1, m.queueId(), "alice@example.org",
                DeliveryResult.Outcome.DELIVERED, "ok", Instant.now()));

        assertThat(spool.exists(m.spoolRef())).isFalse();
        ProducerRecord<String, byte[]> last = producer.history().get(producer.history().size() - 1);
        assertThat(last.topic()).isEqualTo(Topics.QUEUE_STATE);
        assertThat(last.key()).isEqualTo(m.queueId());
        assertThat(last.value()).isNull();
    }

    @Test
    void aResultForAnUnknownMessageIsIgnored() throws Exception {
        String queueId = QueueId.generate().value();

        consume(Topics.DELIVERY_RESULTS, queueId, new DeliveryResult(1, queueId, "a@b.org",
                DeliveryResult.Outcome.DELIVERED, "ok", Instant.now()));

        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anAcceptedMessageWaitsUntilTheDirectoryIsCaughtUp() throws Exception {
        InMemoryDirectory empty = new InMemoryDirectory();
        QueueProcessor waiting = new QueueProcessor(new Router(empty),
                new QueueStateStore("unused:9092", producer, Duration.ofSeconds(5)), producer, spool,
                Duration.ofSeconds(5), new SimpleMeterRegistry());
        MessageAccepted m = accepted("alice@example.org");

        assertThatThrownBy(() -> waiting.handle(new ConsumerRecord<>(Topics.ACCEPTED, 0, 0L, m.queueId(),
                EventCodec.encode(m)))).isInstanceOf(IllegalStateException.class);
        assertThat(producer.history()).isEmpty();
    }

    private void alias(String local, String... targets) {
        directory.apply("alias:" + local + "@example.org",
                new DirectoryEvent.AliasUpserted(1, local + "@example.org", "example.org", local, List.of(targets)));
    }

    private void mailbox(String local) {
        directory.apply("mailbox:" + local + "@example.org",
                new DirectoryEvent.MailboxUpserted(1, local + "@example.org", "example.org", local, true));
    }

    private List<LocalDelivery> localDeliveries() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.LOCAL_DELIVERIES))
                .map(r -> EventCodec.decode(r.value(), LocalDelivery.class)).toList();
    }

    private DeliveryResult delivered(MessageAccepted m, String recipient) {
        return new DeliveryResult(1, m.queueId(), recipient, DeliveryResult.Outcome.DELIVERED, "ok", Instant.now());
    }

    @Test
    void anAliasBecomesOneDeliveryPerTargetEachWithItsOwnRecipientAndState() throws Exception {
        mailbox("carol");
        alias("team", "alice@example.org", "carol@example.org", "x@remote.net");
        MessageAccepted m = accepted("team@example.org", "alice@example.org");

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(localDeliveries()).extracting(LocalDelivery::recipient, LocalDelivery::mailbox).containsExactly(
                tuple("alice@example.org", "alice@example.org"), tuple("carol@example.org", "carol@example.org"));
        assertThat(published(Topics.REMOTE_DELIVERIES)).containsExactly("remote.net");
        QueueEntry entry = store.get(3, m.queueId());
        assertThat(entry.recipients().keySet()).containsExactly("alice@example.org", "carol@example.org", "x@remote.net");
        assertThat(entry.recipients().get("carol@example.org"))
                .isEqualTo(new RecipientState(RecipientState.Status.PENDING, null, "team@example.org",
                        "carol@example.org", null));
        assertThat(meters.counter("paperpath.queue.routes", "kind", "alias").count()).isEqualTo(1);
        assertThat(meters.counter("paperpath.queue.routes", "kind", "local").count()).isEqualTo(2);
        assertThat(meters.counter("paperpath.queue.routes", "kind", "remote").count()).isEqualTo(1);
    }

    @Test
    void theSpoolIsFreedOnlyOnceEveryRouteOfAnExpandedRecipientIsFinal() throws Exception {
        mailbox("carol");
        alias("team", "alice@example.org", "carol@example.org");
        MessageAccepted m = accepted("team@example.org");
        consume(Topics.ACCEPTED, m.queueId(), m);

        consume(Topics.DELIVERY_RESULTS, m.queueId(), delivered(m, "alice@example.org"));
        assertThat(spool.exists(m.spoolRef())).isTrue();
        consume(Topics.DELIVERY_RESULTS, m.queueId(), delivered(m, "team@example.org"));
        assertThat(spool.exists(m.spoolRef())).as("a result for the alias itself is no route").isTrue();
        consume(Topics.DELIVERY_RESULTS, m.queueId(), delivered(m, "carol@example.org"));

        assertThat(spool.exists(m.spoolRef())).isFalse();
    }

    @Test
    void aReplayPublishesTheStoredRoutesEvenIfTheDirectoryChangedMeanwhile() throws Exception {
        mailbox("carol");
        mailbox("dave");
        alias("team", "alice@example.org", "carol@example.org");
        MessageAccepted m = accepted("team@example.org");
        consume(Topics.ACCEPTED, m.queueId(), m);
        List<LocalDelivery> first = localDeliveries();
        consume(Topics.DELIVERY_RESULTS, m.queueId(), delivered(m, "alice@example.org"));
        alias("team", "dave@example.org");
        producer.clear();

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(localDeliveries()).containsExactly(first.get(1));
        assertThat(producer.history()).extracting(ProducerRecord::topic).doesNotContain(Topics.QUEUE_STATE);
    }

    @Test
    void aPendingStateWrittenBeforeRoutesWereStoredIsRoutedOnceAtReplay() throws Exception {
        mailbox("carol");
        alias("team", "alice@example.org", "carol@example.org");
        MessageAccepted m = accepted("team@example.org");
        Map<String, RecipientState> legacy = new LinkedHashMap<>();
        legacy.put("team@example.org", RecipientState.pending());
        store.put(3, new QueueEntry(1, m.queueId(), m.spoolRef(), m.sender(), m.acceptedAt(), legacy));
        producer.clear();

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(store.get(3, m.queueId()).recipients().keySet())
                .containsExactly("alice@example.org", "carol@example.org");
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly(Topics.QUEUE_STATE, Topics.LOCAL_DELIVERIES, Topics.LOCAL_DELIVERIES);
    }

    @Test
    void aForwardKeepsTheOriginalEnvelopeSender() throws Exception {
        directory.apply("mailbox:alice@example.org", new DirectoryEvent.MailboxUpserted(1, "alice@example.org",
                "example.org", "alice", true, null, null, null, null, List.of("x@remote.net"), false, null));
        MessageAccepted m = accepted("alice@example.org");

        consume(Topics.ACCEPTED, m.queueId(), m);

        assertThat(localDeliveries()).isEmpty();
        RemoteDelivery forward = producer.history().stream().filter(r -> r.topic().equals(Topics.REMOTE_DELIVERIES))
                .map(r -> EventCodec.decode(r.value(), RemoteDelivery.class)).findFirst().orElseThrow();
        assertThat(forward.recipient()).isEqualTo("x@remote.net");
        assertThat(forward.sender()).isEqualTo("s@remote.net");
        assertThat(meters.counter("paperpath.queue.routes", "kind", "forward").count()).isEqualTo(1);
    }
}
