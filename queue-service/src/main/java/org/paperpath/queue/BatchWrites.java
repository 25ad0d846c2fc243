package org.paperpath.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Every record one batch of queue-service produces, sent without a wait per record and
 * acknowledged together in {@link #awaitAcks}: first every queue-state write of the batch (puts and
 * tombstones, sent at once as they arise), then every delivery (held until the state is acked, then
 * sent at once). Two waits per batch, however many records it holds.
 *
 * <p>Why deliveries wait for the state: so that no delivery, and hence no delivery result, ever
 * exists for a route queue-state does not hold, as before batching. A failed state write then leaves
 * no delivery of its batch behind, and a replay routes afresh only messages nothing was published
 * for; a failed delivery finds its routes stored and publishes them again exactly as stored.
 *
 * <p>Sending without waiting keeps the order that matters: there is one producer, idempotent with at
 * most 5 requests in flight per connection ({@code ReliableProducers}), so records to one partition
 * are written in the order they were sent, retries included. A state put and a later tombstone of the
 * same queue id, or two deliveries to one mailbox, cannot overtake each other.
 *
 * <p>Used by the consumer thread only.
 */
final class BatchWrites {

    private final Producer<String, byte[]> producer;
    private final Duration timeout;
    private final List<Future<RecordMetadata>> inFlight = new ArrayList<>();
    /** Held deliveries, keyed by the record's queue id (their Kafka key is the mailbox or domain). */
    private final List<Map.Entry<String, ProducerRecord<String, byte[]>>> deliveries = new ArrayList<>();
    private boolean sentSinceSettled;

    BatchWrites(Producer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    Producer<String, byte[]> producer() {
        return producer;
    }

    /** Sends a queue-state write now; its ack is waited for by {@link #awaitAcks}. */
    void sendState(ProducerRecord<String, byte[]> record) {
        send(record);
    }

    /** Holds a delivery of message {@code queueId} until the batch's state is acked; {@link #awaitAcks} sends it. */
    void sendDelivery(String queueId, ProducerRecord<String, byte[]> record) {
        deliveries.add(Map.entry(queueId, record));
    }

    /**
     * Drops the held deliveries of {@code queueId}: it went final later in the same batch (a replay
     * meeting its last results), so every recipient has its result and its spool body is freed.
     */
    void dropDeliveries(String queueId) {
        deliveries.removeIf(held -> held.getKey().equals(queueId));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        sentSinceSettled = true;
        inFlight.add(producer.send(record));
    }

    /**
     * Waits for the acks of the state writes, then sends the held deliveries and waits for theirs;
     * each wait within one send timeout. Throws the first failure; after one, {@link #settle} must
     * follow (held deliveries of a batch whose state failed are never sent).
     */
    void awaitAcks() throws InterruptedException, ExecutionException, TimeoutException {
        awaitInFlight();
        for (Map.Entry<String, ProducerRecord<String, byte[]>> delivery : deliveries) {
            send(delivery.getValue());
        }
        deliveries.clear();
        awaitInFlight();
        sentSinceSettled = false;
    }

    private void awaitInFlight() throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> send : inFlight) {
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        inFlight.clear();
    }

    /**
     * After a failed batch: lets every send still in flight finish (each within the send timeout),
     * ignoring how, so queue-state holds all it will ever hold of the batch before it is read again.
     *
     * @return true if the failed batch sent anything, i.e. queue-state may hold some of its writes
     */
    boolean settle() throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> send : inFlight) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the batch failed already; this send's outcome is what queue-state will tell
            }
        }
        inFlight.clear();
        deliveries.clear();
        boolean sent = sentSinceSettled;
        sentSinceSettled = false;
        return sent;
    }
}
