package org.paperpath.account;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves {@code directory_outbox} rows to the directory topic: in id order, one at a time, each sent
 * with {@code acks=all} and deleted only after the broker acknowledged it. It polls every
 * {@code pollInterval} and is woken at once after a commit ({@link #wake()}).
 *
 * <p>Delivery is at least once: a crash between the acknowledgement and the commit of the delete
 * sends the row again. That is harmless: the topic is compacted and every event is an idempotent
 * upsert of its key, and rows of one key are always sent in commit order.
 *
 * <p>Replicas of account-service each run a publisher; a PostgreSQL advisory lock taken per batch
 * lets only one send at a time, so two replicas never interleave and reorder one key's events.
 *
 * <p>Topics are created on the publisher's own thread, so account-service starts and takes changes
 * while the broker is down; the rows wait in the outbox until it is back.
 */
final class OutboxPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    /** Advisory lock key of "the directory outbox publisher" (ASCII "pp-dirob"). */
    private static final long ADVISORY_LOCK = 0x70702d6469726f62L;
    private static final int BATCH = 100;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private record Row(long id, String key, String payload) {
    }

    private record Batch(int sent, RuntimeException failure) {
    }

    private final AccountDatabase store;
    private final String bootstrapServers;
    private final Duration pollInterval;
    private final AtomicLong pending = new AtomicLong();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private volatile String lastError;
    private Thread thread;

    OutboxPublisher(AccountDatabase store, String bootstrapServers, Duration pollInterval, MeterRegistry meters) {
        this.store = store;
        this.bootstrapServers = bootstrapServers;
        this.pollInterval = pollInterval;
        Gauge.builder("paperpath.account.outbox.pending", pending, AtomicLong::get)
                .description("directory events committed but not yet acknowledged by the broker")
                .register(meters);
    }

    /** Asks for a pass now rather than at the next poll: called after a change committed. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Rows waiting in the outbox, as of the last pass. */
    long pending() {
        return pending.get();
    }

    /** The last failure to publish, or null after a pass that worked. */
    String lastError() {
        return lastError;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "account-outbox-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(SEND_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = null;
        boolean provisioned = false;
        try {
            while (running) {
                Duration pause = pollInterval;
                try {
                    if (!provisioned) {
                        TopicProvisioner.ensure(bootstrapServers, PaperpathTopics.ALL);
                        provisioned = true;
                    }
                    if (producer == null) {
                        producer = ReliableProducers.create(bootstrapServers, "paperpath-account-outbox", SEND_TIMEOUT);
                    }
                    Batch batch = publishBatch(producer);
                    if (batch.failure() != null) {
                        throw batch.failure();
                    }
                    lastError = null;
                    if (batch.sent() == BATCH) {
                        pause = Duration.ZERO;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    lastError = e.toString();
                    log.warn("directory outbox not published, retrying: {}", e.toString());
                    pause = BACKOFF;
                }
                refreshPending();
                await(pause);
            }
        } finally {
            // stop() interrupts a pending send; clear the flag or the producer cannot join its I/O thread.
            Thread.interrupted();
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** One pass under the advisory lock: sends rows in id order until one fails, deletes the sent ones. */
    private Batch publishBatch(KafkaProducer<String, byte[]> producer) {
        return store.transactions().execute(status -> {
            boolean locked = store.jdbc().sql("SELECT pg_try_advisory_xact_lock(:key)")
                    .param("key", ADVISORY_LOCK).query(Boolean.class).single();
            if (!locked) {
                return new Batch(0, null);
            }
            List<Row> rows = store.jdbc()
                    .sql("SELECT id, record_key, payload FROM directory_outbox ORDER BY id LIMIT :limit")
                    .param("limit", BATCH)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("record_key"), rs.getString("payload")))
                    .list();
            List<Long> sent = new ArrayList<>();
            RuntimeException failure = null;
            for (Row row : rows) {
                byte[] value = row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
                try {
                    producer.send(new ProducerRecord<>(Topics.DIRECTORY, row.key(), value)).get();
                    sent.add(row.id());
                } catch (ExecutionException e) {
                    failure = new IllegalStateException("send of outbox row " + row.id() + " failed: " + e.getCause(), e.getCause());
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while sending outbox row " + row.id());
                    break;
                }
            }
            if (!sent.isEmpty()) {
                store.jdbc().sql("DELETE FROM directory_outbox WHERE id IN (:ids)").param("ids", sent).update();
            }
            return new Batch(sent.size(), failure);
        });
    }

    private void refreshPending() {
        try {
            pending.set(store.jdbc().sql("SELECT count(*) FROM directory_outbox").query(Long.class).single());
        } catch (RuntimeException e) {
            log.debug("outbox backlog not counted: {}", e.toString());
        }
    }

    private void await(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        synchronized (signal) {
            try {
                long deadline = System.nanoTime() + pause.toNanos();
                long left;
                while (!woken && running && (left = deadline - System.nanoTime()) > 0) {
                    signal.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            woken = false;
        }
    }
}
