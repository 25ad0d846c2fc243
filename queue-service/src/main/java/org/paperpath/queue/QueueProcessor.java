package org.paperpath.queue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.paperpath.kafka.BatchHandler;
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
 * the {@link Router}), then the state with every route on queue-state, then the deliveries. A replay
 * of the accepted record finds the entry, and every route still PENDING is published again exactly
 * as stored, with the same queue id and recipient, so no route is lost or added by a directory change
 * meanwhile. delivery-local is idempotent by queue id + recipient (a replayed delivery answers
 * "already delivered" with a new result); a remote route may be sent twice, as with qmail.
 *
 * <p>One poll is one batch ({@link #handleBatch}): its records are applied in order against the
 * store's in-memory view, which shows the batch's own earlier writes; every record they produce
 * (state puts, tombstones, deliveries) is sent without a wait per record, in order, on one
 * idempotent producer, so per-partition order holds; the batch then waits for every ack, the state's
 * first and the deliveries' after ({@link BatchWrites}: two waits per batch, not one per record), and
 * only then returns, letting the loop commit the offsets. Why at-least-once still holds: nothing is committed
 * before every effect of the batch is acknowledged. A failure or crash anywhere in the batch commits
 * nothing, so the whole batch is replayed: state writes are idempotent by key (the same entry put
 * again, a tombstone again), deliveries idempotent downstream by queue id + recipient, and the spool
 * delete of a final message tolerates a body already gone. After a failed batch the store reads
 * queue-state again before the next one, so the replay decides from what is durable, exactly as a
 * new member after a crash would ({@code QueueCrashReplayIT}). Within a batch accepted messages go
 * first, as a result can only follow its message's delivery.
 */
final class QueueProcessor implements BatchHandler {

    private static final Logger log = LoggerFactory.getLogger(QueueProcessor.class);

    private final Router router;
    private final QueueStateStore store;
    private final BatchWrites writes;
    private final Spool spool;
    private final MeterRegistry meters;

    /** {@code producer} must be the store's: every record of a batch goes through one producer. */
    QueueProcessor(Router router, QueueStateStore store, Producer<String, byte[]> producer, Spool spool,
            Duration sendTimeout, MeterRegistry meters) {
        this(router, store, spool, meters);
        if (producer != store.writes().producer()) {
            throw new IllegalArgumentException("the processor must send through the state store's producer");
        }
    }

    QueueProcessor(Router router, QueueStateStore store, Spool spool, MeterRegistry meters) {
        this.router = router;
        this.store = store;
        this.writes = store.writes();
        this.spool = spool;
        this.meters = meters;
        for (String event : new String[] {"accepted", "final"}) {
            meters.counter("paperpath.queue.messages", "event", event);
        }
        for (RouteKind kind : RouteKind.values()) {
            meters.counter("paperpath.queue.routes", "kind", kind.tag());
        }
    }

    /** One record as a batch of its own. */
    void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        handleBatch(List.of(record));
    }

    @Override
    public void handleBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        store.refreshIfStale();
        try {
            for (ConsumerRecord<String, byte[]> record : acceptedFirst(records)) {
                apply(record);
            }
            writes.awaitAcks();
        } catch (Exception e) {
            abandon();
            throw e;
        }
        store.commitBatch();
    }

    /** Forgets the failed batch; if it sent anything, its sends settle and the store is re-read. */
    private void abandon() throws InterruptedException {
        store.discardBatch();
        if (writes.settle()) {
            store.markStale();
        }
    }

    /** Accepted records before results, each topic's records in their order (one partition each's order). */
    private static List<ConsumerRecord<String, byte[]>> acceptedFirst(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> ordered = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> others = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            (Topics.ACCEPTED.equals(record.topic()) ? ordered : others).add(record);
        }
        ordered.addAll(others);
        return ordered;
    }

    private void apply(ConsumerRecord<String, byte[]> record) throws Exception {
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
        // An envelope with a checksum went out while its body was being made durable (ADR 0004); one
        // without was written after its body was committed, which is then whole wherever it is there.
        Spool.BodyCheck body = message.bodyCrc32c() != null
                ? spool.check(message.spoolRef(), message.size(), message.bodyCrc32c())
                : spool.exists(message.spoolRef()) ? Spool.BodyCheck.WHOLE : Spool.BodyCheck.MISSING;
        if (body == Spool.BodyCheck.MISSING) {
            log.warn("queueId={} spool body gone: ignored (the message went final earlier, or its ingress never"
                    + " answered 250 for it)", message.queueId());
            return;
        }
        if (body == Spool.BodyCheck.DAMAGED) {
            // A body that is not whole now was never answered 250: a crash cut its fsync short.
            log.warn("queueId={} dropped: spool body {} is not the {} octets with the checksum the envelope names;"
                    + " its client was never answered 250", message.queueId(), message.spoolRef(), message.size());
            count("paperpath.queue.messages", "event", "dropped-incomplete-body");
            spool.delete(message.spoolRef());
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

    /** Sends one delivery per deliverable route (failed ones have none); the batch waits for the acks. */
    private void publish(QueueEntry entry, List<Route> routes) {
        for (Route route : routes) {
            if (route instanceof Route.Local local) {
                LocalDelivery delivery = new LocalDelivery(LocalDelivery.VERSION, entry.queueId(), local.recipient(),
                        local.mailbox(), entry.sender(), entry.spoolRef(), entry.acceptedAt(), 1);
                writes.sendDelivery(entry.queueId(), new ProducerRecord<>(Topics.LOCAL_DELIVERIES, local.mailbox(),
                        EventCodec.encode(delivery)));
            } else if (route instanceof Route.Remote remote) {
                RemoteDelivery delivery = new RemoteDelivery(RemoteDelivery.VERSION, entry.queueId(),
                        remote.recipient(), remote.domain(), entry.sender(), entry.spoolRef(), entry.acceptedAt(), 1);
                writes.sendDelivery(entry.queueId(), new ProducerRecord<>(Topics.REMOTE_DELIVERIES, remote.domain(),
                        EventCodec.encode(delivery)));
            }
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

    /**
     * Every recipient is final: free the body, then tombstone the state; a delivery of it held earlier
     * in the batch is not needed any more. A replay that finds the body gone already
     * ({@link Spool#delete} answers false) tombstones again.
     */
    private void finish(int partition, QueueEntry entry) throws Exception {
        try {
            spool.delete(entry.spoolRef());
        } catch (IOException e) {
            throw new IOException("cannot free spool body " + entry.spoolRef() + ": " + e.getMessage(), e);
        }
        store.remove(partition, entry.queueId());
        writes.dropDeliveries(entry.queueId());
        count("paperpath.queue.messages", "event", "final");
        log.info("queueId={} final: {}", entry.queueId(), entry.recipients());
    }

    private void count(String name, String tag, String value) {
        meters.counter(name, tag, value).increment();
    }
}
