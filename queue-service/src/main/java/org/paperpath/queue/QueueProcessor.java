package org.paperpath.queue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.paperpath.kafka.RecordHandler;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.model.event.RemoteDelivery;
import org.paperpath.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * qmail-send's core for the straight path: routes each accepted message, tracks every recipient's
 * result, and frees the spool body once all are final. Reads accepted messages and delivery results
 * from co-partitioned topics on one consumer, so one member sees both halves of a message.
 *
 * <p>Order of effects on an accepted message: routing (aliases, catch-all and forwards expanded by
 * the {@link Router}), then the state with every route on queue-state (acked), then the deliveries
 * (acked), then return (the offset is committed). A crash in between replays the accepted record;
 * the entry then exists, and every route still PENDING is published again exactly as stored, with
 * the same queue id and recipient, so no route is lost or added by a directory change meanwhile.
 * delivery-local is idempotent by queue id + recipient; a remote route may be sent twice in that
 * window, as with qmail.
 */
final class QueueProcessor implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(QueueProcessor.class);

    private final Router router;
    private final QueueStateStore store;
    private final Producer<String, byte[]> producer;
    private final Spool spool;
    private final Duration sendTimeout;
    private final MeterRegistry meters;

    QueueProcessor(Router router, QueueStateStore store, Producer<String, byte[]> producer, Spool spool,
            Duration sendTimeout, MeterRegistry meters) {
        this.router = router;
        this.store = store;
        this.producer = producer;
        this.spool = spool;
        this.sendTimeout = sendTimeout;
        this.meters = meters;
        for (String event : new String[] {"accepted", "final"}) {
            meters.counter("paperpath.queue.messages", "event", event);
        }
        for (RouteKind kind : RouteKind.values()) {
            meters.counter("paperpath.queue.routes", "kind", kind.tag());
        }
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        if (record.value() == null) {
            return;
        }
        MDC.put("queueId", record.key());
        try {
            if (Topics.ACCEPTED.equals(record.topic())) {
                accepted(record.partition(), EventCodec.decode(record.value(), MessageAccepted.class));
            } else if (Topics.DELIVERY_RESULTS.equals(record.topic())) {
                result(record.partition(), EventCodec.decode(record.value(), DeliveryResult.class));
            }
        } finally {
            MDC.remove("queueId");
        }
    }

    private void accepted(int partition, MessageAccepted message) throws Exception {
        if (!router.isReady()) {
            throw new IllegalStateException("directory view not caught up yet");
        }
        QueueEntry existing = store.get(partition, message.queueId());
        if (existing != null) {
            log.info("queueId={} seen again: publishing its pending routes again", message.queueId());
            republish(partition, existing);
            return;
        }
        if (!spool.exists(message.spoolRef())) {
            log.warn("queueId={} accepted again after it went final (spool body gone): ignored", message.queueId());
            return;
        }
        List<Route> routes = router.route(message.recipients(),
                kind -> count("paperpath.queue.routes", "kind", kind.tag()));
        Map<String, RecipientState> states = new LinkedHashMap<>();
        for (Route route : routes) {
            if (route instanceof Route.Failed failed) {
                log.warn("queueId={} recipient {} ({}) failed: {} (bounces are not written yet)", message.queueId(),
                        failed.recipient(), failed.original(), failed.detail());
            }
            states.put(route.recipient(), RecipientState.of(route));
        }
        QueueEntry entry = new QueueEntry(QueueEntry.VERSION, message.queueId(), message.spoolRef(), message.sender(),
                message.acceptedAt(), states);
        count("paperpath.queue.messages", "event", "accepted");
        log.info("queueId={} accepted: {} recipient(s), routes {}", message.queueId(), message.recipients().size(),
                routes);
        if (entry.isFinal()) {
            finish(partition, entry);
            return;
        }
        store.put(partition, entry);
        publish(entry, routes);
    }

    /**
     * Publishes every pending route of a stored entry again, as stored. A pending state without its
     * route (written before routes were stored, keyed by the envelope recipient) is routed now, once:
     * the entry is stored with the routes it became before they are published.
     */
    private void republish(int partition, QueueEntry entry) throws Exception {
        List<Route> pending = new ArrayList<>();
        List<String> unrouted = new ArrayList<>();
        entry.recipients().forEach((key, state) -> {
            if (state.status() == RecipientState.Status.PENDING) {
                state.route(key).ifPresentOrElse(pending::add, () -> unrouted.add(key));
            }
        });
        if (!unrouted.isEmpty()) {
            QueueEntry routed = entry;
            for (String key : unrouted) {
                routed = routed.without(key);
                for (Route route : router.route(List.of(key))) {
                    if (!routed.recipients().containsKey(route.recipient())) {
                        routed = routed.with(route.recipient(), RecipientState.of(route));
                        pending.add(route);
                    }
                }
            }
            log.info("queueId={} routes stored for recipients {}", entry.queueId(), unrouted);
            if (routed.isFinal()) {
                finish(partition, routed);
                return;
            }
            store.put(partition, routed);
        }
        publish(entry, pending);
    }

    /** Publishes one delivery per deliverable route (failed ones have none) and waits for every ack. */
    private void publish(QueueEntry entry, List<Route> routes) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Route route : routes) {
            if (route instanceof Route.Local local) {
                LocalDelivery delivery = new LocalDelivery(LocalDelivery.VERSION, entry.queueId(), local.recipient(),
                        local.mailbox(), entry.sender(), entry.spoolRef(), entry.acceptedAt(), 1);
                sends.add(producer.send(new ProducerRecord<>(Topics.LOCAL_DELIVERIES, local.mailbox(),
                        EventCodec.encode(delivery))));
            } else if (route instanceof Route.Remote remote) {
                RemoteDelivery delivery = new RemoteDelivery(RemoteDelivery.VERSION, entry.queueId(),
                        remote.recipient(), remote.domain(), entry.sender(), entry.spoolRef(), entry.acceptedAt(), 1);
                sends.add(producer.send(new ProducerRecord<>(Topics.REMOTE_DELIVERIES, remote.domain(),
                        EventCodec.encode(delivery))));
            }
        }
        for (Future<RecordMetadata> send : sends) {
            send.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void result(int partition, DeliveryResult result) throws Exception {
        QueueEntry entry = store.get(partition, result.queueId());
        if (entry == null) {
            log.info("queueId={} result {} for {} on an unknown or final message: ignored", result.queueId(),
                    result.outcome(), result.recipient());
            return;
        }
        RecipientState current = entry.recipients().get(result.recipient());
        if (current == null) {
            log.warn("queueId={} result for {} which is not one of its routes: ignored", result.queueId(), result.recipient());
            return;
        }
        if (current.status().isFinal()) {
            log.info("queueId={} recipient {} already {}: result {} ignored", result.queueId(), result.recipient(),
                    current.status(), result.outcome());
            return;
        }
        QueueEntry updated = entry.with(result.recipient(),
                current.with(RecipientState.Status.of(result.outcome()), result.detail()));
        log.info("queueId={} recipient {} {}: {}", result.queueId(), result.recipient(), result.outcome(),
                result.detail());
        if (result.outcome() == DeliveryResult.Outcome.DEFERRED) {
            log.warn("queueId={} recipient {} deferred; retries are not scheduled yet", result.queueId(),
                    result.recipient());
        }
        if (updated.isFinal()) {
            finish(partition, updated);
        } else {
            store.put(partition, updated);
        }
    }

    /** Every recipient is final: free the body, then tombstone the state. */
    private void finish(int partition, QueueEntry entry) throws Exception {
        try {
            spool.delete(entry.spoolRef());
        } catch (IOException e) {
            throw new IOException("cannot free spool body " + entry.spoolRef() + ": " + e.getMessage(), e);
        }
        store.remove(partition, entry.queueId());
        count("paperpath.queue.messages", "event", "final");
        log.info("queueId={} final: {}", entry.queueId(), entry.recipients());
    }

    private void count(String name, String tag, String value) {
        meters.counter(name, tag, value).increment();
    }
}
