package org.paperpath.smtp.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The claim check of DESIGN.md: the body goes to the {@link Spool}, the envelope to
 * {@link Topics#ACCEPTED} with acks=all, and only when the body is fsynced and the broker has
 * acknowledged the envelope is the message queued (a 250). The two run side by side (ADR 0004): the
 * body is renamed into the spool, whole but not yet durable, then fsynced (the file and its directory
 * side by side) on sync threads while the envelope, which carries the body's CRC-32C, goes to the
 * broker. A failure of either deletes the
 * body again; an envelope the broker took for a body that is then deleted (or that a crash left
 * short) is dropped by queue-service, which checks the body of every envelope with a checksum. So
 * nothing is ever half-accepted.
 *
 * <p>Commits run on this sink's own threads: fsync and the broker round trip never block an event
 * loop, and the outcome is settled by the callback of whichever of the two ends last, so that the
 * 250 waits for no further thread hand-off. The producer's linger lets envelopes of concurrent sessions share a request (and the
 * one-machine broker's flush), but a message that is the only one being published is sent at once:
 * waiting out the linger for a batch no one else will join was a third of a lone session's
 * DATA-to-250 time. The producer should be created with a delivery timeout below {@code queueTimeout} so that
 * it gives up on a record before we stop waiting for it.
 */
public final class SpoolKafkaSink implements MessageSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolKafkaSink.class);

    private final Spool spool;
    private final Producer<String, byte[]> producer;
    private final Duration queueTimeout;
    private final Clock clock;
    private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("smtp-queue-"));
    /** Makes published bodies durable while their envelopes are on the way to the broker. */
    private final ExecutorService syncing = Executors.newCachedThreadPool(daemonThreads("smtp-spool-sync-"));
    /** Fails a commit that did not end within the queue timeout (ticks of 100 ms). */
    private final CommitTimeouts timeouts;
    /** Envelopes between send and acknowledgement, to tell a lone message from a batch in the making. */
    private final AtomicInteger publishingNow = new AtomicInteger();

    /**
     * Makes one half of a published body durable: its content ({@link SpoolWriter#forceContent}) or,
     * with {@code name}, its directory entry ({@link SpoolWriter#forceName}); in tests a disk that fails.
     */
    @FunctionalInterface
    interface BodySync {
        void force(SpoolWriter writer, boolean name) throws IOException;

        BodySync DISK = (writer, name) -> {
            if (name) {
                writer.forceName();
            } else {
                writer.forceContent();
            }
        };
    }

    private final BodySync bodySync;
    private final CommitTimings timings;

    public SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock) {
        this(spool, producer, queueTimeout, clock, CommitTimings.NONE);
    }

    public SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock,
            CommitTimings timings) {
        this(spool, producer, queueTimeout, clock, BodySync.DISK, timings);
    }

    SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock,
            BodySync bodySync) {
        this(spool, producer, queueTimeout, clock, bodySync, CommitTimings.NONE);
    }

    private SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock,
            BodySync bodySync, CommitTimings timings) {
        this.bodySync = bodySync;
        this.timings = timings;
        this.spool = spool;
        this.producer = producer;
        this.queueTimeout = queueTimeout;
        this.clock = clock;
        this.timeouts = new CommitTimeouts(queueTimeout, Duration.ofMillis(100), "smtp-queue-timeouts");
    }

    @Override
    public MailTransaction begin(Envelope envelope) throws IOException {
        QueueId id = QueueId.generate();
        return new Transaction(id, envelope, spool.create(id));
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(queueTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
        syncing.shutdown();
        if (!syncing.awaitTermination(5_000, TimeUnit.MILLISECONDS)) {
            syncing.shutdownNow();
        }
        timeouts.close();
    }

    /**
     * On a commit thread: publishes the body, starts its fsyncs on a sync thread and sends the
     * envelope. The outcome is settled by whichever of the two ends last, on its own thread (the sync
     * thread, or the producer's network thread): a 250 waits for no further thread hand-off.
     */
    private void start(Transaction transaction, CompletableFuture<QueueOutcome> outcome, long committedNanos) {
        QueueId id = transaction.id;
        MDC.put("queueId", id.value());
        try {
            String ref;
            try {
                ref = transaction.writer.publish();
            } catch (IOException | UncheckedIOException e) {
                log.warn("spool write failed: {}", e.toString());
                transaction.abort();
                outcome.complete(new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, e.toString()));
                return;
            }
            timings.published(System.nanoTime() - committedNanos);
            // The body is whole for every reader from here on; its fsyncs overlap the broker's round trip,
            // and the file's and its directory's overlap each other (ADR 0004, amendment of session 7).
            CompletableFuture<Void> durable;
            try {
                long syncStart = System.nanoTime();
                durable = CompletableFuture.allOf(
                        CompletableFuture.runAsync(() -> force(transaction.writer, false), syncing),
                        CompletableFuture.runAsync(() -> force(transaction.writer, true), syncing));
                durable.thenRun(() -> timings.bodySynced(System.nanoTime() - syncStart));
            } catch (RejectedExecutionException e) {
                deleteQuietly(ref);
                outcome.complete(new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "shutting down"));
                return;
            }
            // The outcome is chained before the envelope is sent, so that the later of the two settles
            // it on its own thread: the producer's callback, not the commit thread woken from flush().
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            CompletableFuture<Void> both = CompletableFuture.allOf(durable, acknowledged);
            timeouts.watch(both);
            both.whenComplete((ok, error) -> {
                timeouts.forget(both);
                if (error == null) {
                    outcome.complete(new QueueOutcome.Queued(id, ref, transaction.writer.size()));
                } else {
                    // Off the producer's network thread: the clean-up deletes a file.
                    settleFailure(id, ref, durable, acknowledged, outcome);
                }
            });
            send(transaction, ref, acknowledged);
        } finally {
            MDC.remove("queueId");
        }
    }

    /**
     * Sends the envelope and completes {@code acknowledged} with the broker's answer; a message alone
     * is flushed at once instead of waiting out the linger.
     */
    private void send(Transaction transaction, String ref, CompletableFuture<Void> acknowledged) {
        int publishing = publishingNow.incrementAndGet();
        acknowledged.whenComplete((ok, error) -> publishingNow.decrementAndGet());
        long sendStart = System.nanoTime();
        try {
            MessageAccepted event = AcceptedEvents.of(transaction.id.value(), transaction.envelope, ref,
                    transaction.writer.size(), transaction.writer.crc32c(), clock.instant());
            producer.send(new ProducerRecord<>(Topics.ACCEPTED, transaction.id.value(), EventCodec.encode(event)),
                    (metadata, error) -> {
                        if (error == null) {
                            timings.envelopeAcknowledged(System.nanoTime() - sendStart);
                            acknowledged.complete(null);
                        } else {
                            acknowledged.completeExceptionally(error);
                        }
                    });
            if (publishing == 1) {
                // Alone: no other envelope will join this one's batch, so do not wait out the linger.
                // flush() sends at once; it returns when the broker has answered, which the callback
                // above has already told.
                producer.flush();
            }
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
    }

    private void force(SpoolWriter writer, boolean name) {
        try {
            bodySync.force(writer, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes the body of a message that is not queued after all, once its fsyncs and its envelope
     * ended either way, and names the cause: the broker's first, since then no envelope exists.
     */
    private void settleFailure(QueueId id, String ref, CompletableFuture<Void> durable,
            CompletableFuture<Void> acknowledged, CompletableFuture<QueueOutcome> outcome) {
        Runnable settle = () -> {
            MDC.put("queueId", id.value());
            try {
                Throwable brokerError = failure(acknowledged);
                if (brokerError == null && !acknowledged.isDone()) {
                    brokerError = new TimeoutException("no answer from the broker within " + queueTimeout);
                }
                Throwable syncError = failure(durable);
                if (syncError == null && !durable.isDone()) {
                    syncError = new TimeoutException("spool fsync did not end within " + queueTimeout);
                }
                deleteQuietly(ref);
                if (brokerError != null || syncError == null) {
                    String cause = String.valueOf(brokerError);
                    log.warn("broker did not acknowledge the envelope, body deleted: {}", cause);
                    outcome.complete(new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, cause));
                } else {
                    // The envelope is on the broker, but the body may not be on disk. Deleted, it
                    // makes queue-service, which checks every such envelope's body, drop the envelope
                    // as one never answered 250 (ADR 0004).
                    log.error("spool fsync failed after the broker took the envelope; body deleted, the envelope"
                            + " will be dropped: {}", syncError.toString());
                    outcome.complete(new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, syncError.toString()));
                }
            } finally {
                MDC.remove("queueId");
            }
        };
        try {
            executor.execute(settle);
        } catch (RejectedExecutionException shuttingDown) {
            settle.run();
        }
    }

    /** What a completed future failed with, unwrapped; null if it succeeded or has not ended. */
    private static Throwable failure(CompletableFuture<Void> future) {
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause instanceof UncheckedIOException && cause.getCause() != null ? cause.getCause() : cause;
        } catch (CancellationException e) {
            return e;
        }
    }

    private void deleteQuietly(String ref) {
        try {
            spool.delete(ref);
        } catch (IOException e) {
            log.error("cannot delete spool body {} of a refused message: {}", ref, e.toString());
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private final class Transaction implements MailTransaction {

        private final QueueId id;
        private final Envelope envelope;
        private final SpoolWriter writer;

        Transaction(QueueId id, Envelope envelope, SpoolWriter writer) {
            this.id = id;
            this.envelope = envelope;
            this.writer = writer;
        }

        @Override
        public QueueId queueId() {
            return id;
        }

        @Override
        public Envelope envelope() {
            return envelope;
        }

        @Override
        public void write(ByteBuffer content) throws IOException {
            writer.write(content);
        }

        @Override
        public long size() {
            return writer.size();
        }

        @Override
        public CompletionStage<QueueOutcome> commit() {
            CompletableFuture<QueueOutcome> outcome = new CompletableFuture<>();
            long committedNanos = System.nanoTime();
            try {
                executor.execute(() -> start(this, outcome, committedNanos));
            } catch (RejectedExecutionException e) {
                abort();
                outcome.complete(new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "shutting down"));
            }
            return outcome;
        }

        @Override
        public void abort() {
            try {
                writer.abort();
            } catch (IOException e) {
                log.warn("cannot remove the partial body of {}: {}", id, e.toString());
            }
        }
    }
}
