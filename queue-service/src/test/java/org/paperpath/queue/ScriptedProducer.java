package org.paperpath.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real acks=all, idempotent producer that writes down, in order, every send (with its topic) and every wait on a
 * send's future or on {@link #flush} (the seam that counts waits), and can lose one write: the
 * {@code failAt}-th send to {@code failTopic} is not sent, and its future fails as an ack that never
 * came. Later sends go through.
 */
final class ScriptedProducer extends KafkaProducer<String, byte[]> {

    private final String failTopic;
    private final int failAt;
    private final AtomicInteger sendsToFailTopic = new AtomicInteger();
    private final List<String> events = new ArrayList<>();
    private volatile ProducerRecord<String, byte[]> lost;

    ScriptedProducer(String bootstrap, String failTopic, int failAt) {
        super(properties(bootstrap));
        this.failTopic = failTopic;
        this.failAt = failAt;
    }

    ScriptedProducer(String bootstrap) {
        this(bootstrap, "", 0);
    }

    private static Properties properties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scripted-queue");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** The write whose ack failed, once it happened. */
    ProducerRecord<String, byte[]> lost() {
        return lost;
    }

    /** "send &lt;topic&gt;" and "wait" in the order they happened; clears the log. */
    synchronized List<String> drainEvents() {
        List<String> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    /** Maximal runs of waits with no send between them: how many times the caller blocked for acks. */
    static int waitPhases(List<String> events) {
        int phases = 0;
        String previous = "send";
        for (String event : events) {
            if (event.equals("wait") && previous.startsWith("send")) {
                phases++;
            }
            previous = event;
        }
        return phases;
    }

    /** {@code events} with each run of equal events written once. */
    static List<String> runs(List<String> events) {
        List<String> runs = new ArrayList<>();
        for (String event : events) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(event)) {
                runs.add(event);
            }
        }
        return runs;
    }

    private synchronized void event(String event) {
        events.add(event);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        event("send " + record.topic());
        if (record.topic().equals(failTopic) && sendsToFailTopic.incrementAndGet() == failAt) {
            lost = record;
            CompletableFuture<RecordMetadata> failed = new CompletableFuture<>();
            failed.completeExceptionally(
                    new org.apache.kafka.common.errors.TimeoutException("ack lost on purpose at send " + failAt));
            return new Watched(failed);
        }
        return new Watched(super.send(record, callback));
    }

    @Override
    public void flush() {
        event("wait");
        super.flush();
    }

    /** A send's future that writes down every wait on it. */
    private final class Watched implements Future<RecordMetadata> {

        private final Future<RecordMetadata> future;

        Watched(Future<RecordMetadata> future) {
            this.future = future;
        }

        @Override
        public RecordMetadata get() throws InterruptedException, ExecutionException {
            event("wait");
            return future.get();
        }

        @Override
        public RecordMetadata get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            event("wait");
            return future.get(timeout, unit);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return future.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }
    }
}
