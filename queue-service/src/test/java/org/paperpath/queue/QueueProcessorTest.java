package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private Spool spool;
    private QueueProcessor processor;

    @BeforeEach
    void setUp() throws IOException {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("mailbox:alice@example.org",
                new DirectoryEvent.MailboxUpserted(1, "alice@example.org", "example.org", "alice", true));
        directory.markCaughtUp();
        spool = new Spool(data);
        QueueStateStore store = new QueueStateStore("unused:9092", producer, Duration.ofSeconds(5));
        processor = new QueueProcessor(new Router(directory), store, producer, spool, Duration.ofSeconds(5),
                new SimpleMeterRegistry());
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
}
