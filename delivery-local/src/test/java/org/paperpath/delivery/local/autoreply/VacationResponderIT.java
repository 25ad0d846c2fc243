package org.paperpath.delivery.local.autoreply;

import org.paperpath.maildir.Maildir;
import org.junit.jupiter.api.AfterEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.delivery.local.DeliveryObserver;
import org.paperpath.delivery.local.LocalDeliverer;
import org.paperpath.delivery.local.LocalDeliveryHandler;
import org.paperpath.directory.InMemoryDirectory;
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
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Vacation replies through the production handler, with real temp directories and a real broker:
 * what reaches the accepted topic is what queue-service would route.
 */
class VacationResponderIT {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path data;

    /** The marker moves of this test's deliveries land before its temporary directory is deleted (ADR 0003). */
    @AfterEach
    void awaitMarkerMoves() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).as("marker moves finished").isTrue();
    }

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final MutableClock clock = new MutableClock(START);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Each test writes as its own sender, so the shared topic tells tests apart. */
    private final String sender = "bob-" + UUID.randomUUID() + "@remote.net";
    private Spool spool;
    private LocalDeliverer deliverer;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PaperpathTopics.PARTITIONS);
        broker.afterPropertiesSet();
        TopicProvisioner.ensure(broker.getBrokersAsString(), PaperpathTopics.ALL);
        producer = ReliableProducers.create(broker.getBrokersAsString(), "vacation-it", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.destroy();
    }

    @BeforeEach
    void setUp() throws IOException {
        spool = new Spool(data.resolve("spool"));
        deliverer = new LocalDeliverer(data.resolve("mail"), "node1", spool, DeliveryObserver.NONE, clock);
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        away(new DirectoryEvent.Autoresponder("Away", "Back on Monday.", null, null, 86_400));
        directory.markCaughtUp();
    }

    private void away(DirectoryEvent.Autoresponder setting) {
        directory.apply("mailbox:alice@example.org", new DirectoryEvent.MailboxUpserted(1, "alice@example.org",
                "example.org", "alice", true, null, null, null, null, List.of(), null, setting));
    }

    private LocalDeliveryHandler handler(KafkaProducer<String, byte[]> using) {
        VacationResponder responder = new VacationResponder(data.resolve("mail"), "node1", directory, spool, using,
                Duration.ofSeconds(30), clock, meters);
        return new LocalDeliveryHandler(deliverer, responder, using, Duration.ofSeconds(30), meters);
    }

    private LocalDelivery spooled(String header) throws IOException {
        return spooled(header, sender);
    }

    private LocalDelivery spooled(String header, String envelopeSender) throws IOException {
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(("Received: from x\r\n" + header + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
            ref = writer.commit();
        }
        return new LocalDelivery(LocalDelivery.VERSION, id.value(), "alice@example.org", "alice@example.org",
                envelopeSender, ref, clock.instant(), 1);
    }

    private static ConsumerRecord<String, byte[]> record(LocalDelivery delivery) {
        return new ConsumerRecord<>(Topics.LOCAL_DELIVERIES, 0, 0L, delivery.mailbox(), EventCodec.encode(delivery));
    }

    /** Every reply on the accepted topic to this test's sender. */
    private List<MessageAccepted> replies() {
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.ACCEPTED)) {
            return reader.awaitMatch(r -> false, Duration.ofSeconds(2)).stream()
                    .map(r -> EventCodec.decode(r.value(), MessageAccepted.class))
                    .filter(m -> m.recipients().equals(List.of(sender)))
                    .toList();
        }
    }

    private static String personal(String messageId) {
        return "From: Bob <bob@remote.net>\r\nTo: Alice <alice@example.org>\r\nSubject: Lunch?\r\nMessage-ID: <"
                + messageId + ">";
    }

    private double counted(String result) {
        return meters.counter("paperpath.delivery.local.autoreplies", "result", result).count();
    }

    @Test
    void aReplyIsQueuedOnceWithTheNullSenderToTheEnvelopeSender() throws Exception {
        LocalDeliveryHandler handler = handler(producer);
        LocalDelivery d = spooled(personal("m1@remote.net"));

        handler.handle(record(d));
        handler.handle(record(d));

        List<MessageAccepted> replies = replies();
        assertThat(replies).hasSize(1);
        MessageAccepted reply = replies.get(0);
        assertThat(reply.sender()).isEmpty();
        assertThat(reply.spoolRef()).isNotEqualTo(d.spoolRef());
        try (InputStream body = spool.open(reply.spoolRef())) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains("\r\nAuto-Submitted: auto-replied\r\n", "\r\nIn-Reply-To: <m1@remote.net>\r\n",
                    "\r\nSubject: Away\r\n", "\r\nTo: <" + sender + ">\r\n", "\r\nFrom: <alice@example.org>\r\n");
            assertThat(reply.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(counted("queued")).isEqualTo(2);
    }

    @Test
    void aSecondMessageWithinTheIntervalGetsNoReplyAndOneAfterItDoes() throws Exception {
        LocalDeliveryHandler handler = handler(producer);
        handler.handle(record(spooled(personal("m1@remote.net"))));
        clock.advance(Duration.ofHours(23));
        handler.handle(record(spooled(personal("m2@remote.net"))));

        assertThat(replies()).hasSize(1);
        assertThat(counted("recently-replied")).isEqualTo(1);

        clock.advance(Duration.ofHours(2));
        handler.handle(record(spooled(personal("m3@remote.net"))));

        assertThat(replies()).hasSize(2);
    }

    @Test
    void suppressedMessagesQueueNothing() throws Exception {
        LocalDeliveryHandler handler = handler(producer);
        handler.handle(record(spooled(personal("m1@remote.net") + "\r\nPrecedence: bulk")));
        handler.handle(record(spooled(personal("m2@remote.net") + "\r\nAuto-Submitted: auto-generated")));
        handler.handle(record(spooled(personal("m3@remote.net") + "\r\nList-Id: <l.lists.test>")));
        handler.handle(record(spooled("To: team@example.org\r\nMessage-ID: <m4@remote.net>")));

        assertThat(replies()).isEmpty();
        assertThat(counted("precedence") + counted("auto-submitted") + counted("list") + counted("not-addressed"))
                .isEqualTo(4);
        assertThat(Files.exists(data.resolve("mail/example.org/alice/paperpath-autoresponder/senders"))).isFalse();
    }

    @Test
    void anAutoresponderOutsideItsWindowIsSilent() throws Exception {
        away(new DirectoryEvent.Autoresponder("Away", "x", START.plusSeconds(60), null, 86_400));

        handler(producer).handle(record(spooled(personal("m1@remote.net"))));

        assertThat(replies()).isEmpty();
        assertThat(counted("inactive")).isEqualTo(1);
    }

    @Test
    void aCrashBetweenDeliveryAndReplyStillRepliesOnceOnTheRetry() throws Exception {
        LocalDelivery d = spooled(personal("m1@remote.net"));
        // The first attempt wrote the Maildir and died before its reply.
        assertThat(deliverer.deliver(d).outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);

        handler(producer).handle(record(d));
        handler(producer).handle(record(d));

        assertThat(replies()).hasSize(1);
    }

    @Test
    void aCrashBetweenReplyAndResultSendsNoSecondReply() throws Exception {
        LocalDelivery d = spooled(personal("m1@remote.net"));
        try (FailingOnceProducer dying = new FailingOnceProducer(broker.getBrokersAsString(), Topics.DELIVERY_RESULTS)) {
            LocalDeliveryHandler handler = handler(dying);
            assertThatThrownBy(() -> handler.handle(record(d))).hasMessageContaining("failing on purpose");
            assertThat(replies()).hasSize(1);

            handler.handle(record(d));
        }

        assertThat(replies()).hasSize(1);
    }

    @Test
    void aCrashAfterPublishingButBeforeMarkingSentPublishesTheSameReplyAgainNeverASecondOne() throws Exception {
        LocalDelivery d = spooled(personal("m1@remote.net"));
        handler(producer).handle(record(d));
        Path replies = data.resolve("mail/example.org/alice/paperpath-autoresponder/replies");
        try (var sent = Files.list(replies)) {
            for (Path mark : sent.filter(p -> p.toString().endsWith(".sent")).toList()) {
                Files.delete(mark);
            }
        }

        handler(producer).handle(record(d));

        List<MessageAccepted> published = replies();
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).isEqualTo(published.get(0));
    }

    @Test
    void aFailedDeliveryGetsNoReply() throws Exception {
        LocalDelivery d = spooled("Delivered-To: alice@example.org\r\n" + personal("m1@remote.net"));

        handler(producer).handle(record(d));

        assertThat(replies()).isEmpty();
    }
}
