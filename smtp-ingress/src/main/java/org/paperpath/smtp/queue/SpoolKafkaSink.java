package org.paperpath.smtp.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * body is renamed into the spool, whole but not yet durable, then fsynced on a sync thread while the
 * envelope, which carries the body's CRC-32C, goes to the broker. A failure of either deletes the
 * body again; an envelope the broker took for a body that is then deleted (or that a crash left
 * short) is dropped by queue-service, which checks the body of every envelope with a checksum. So
 * nothing is ever half-accepted.
 *
 * <p>Commits run on this sink's own threads: fsync and the broker round trip never block an event
 * loop. The producer's linger lets envelopes of concurrent sessions share a request (and the
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
    /** Envelopes between send and acknowledgement, to tell a lone message from a batch in the making. */
    private final AtomicInteger publishingNow = new AtomicInteger();

    /** Makes a published body durable: {@link SpoolWriter#force}, or in tests a disk that fails. */
    @FunctionalInterface
    interface BodySync {
        void force(SpoolWriter writer) throws IOException;
    }

    private final BodySync bodySync;

    public SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock) {
        this(spool, producer, queueTimeout, clock, SpoolWriter::force);
    }

    SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock,
            BodySync bodySync) {
        this.bodySync = bodySync;
        this.spool = spool;
        this.producer = producer;
        this.queueTimeout = queueTimeout;
        this.clock = clock;
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
    }

    private QueueOutcome commit(Transaction transaction) {
        QueueId id = transaction.id;
        MDC.put("queueId", id.value());
        try {
            String ref;
            try {
                ref = transaction.writer.publish();
            } catch (IOException | UncheckedIOException e) {
                log.warn("spool write failed: {}", e.toString());
                transaction.abort();
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, e.toString());
            }
            // The body is whole for every reader from here on; its fsyncs overlap the broker's round trip.
            Future<?> durable;
            try {
                durable = syncing.submit(() -> {
                    bodySync.force(transaction.writer);
                    return null;
                });
            } catch (RejectedExecutionException e) {
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "shutting down");
            }
            try {
                publish(transaction, ref);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                awaitQuietly(durable);
                log.warn("broker did not acknowledge the envelope, body deleted: {}", e.toString());
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "interrupted");
            }
            try {
                durable.get(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // The envelope is on the broker, but the body may not be on disk: delete it, so that
                // queue-service, which checks every such envelope's body, drops the envelope as one
                // never answered 250 (ADR 0004).
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                log.error("spool fsync failed after the broker took the envelope; body deleted, the envelope"
                        + " will be dropped: {}", cause.toString());
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, cause.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, "interrupted");
            }
            return new QueueOutcome.Queued(id, ref, transaction.writer.size());
        } finally {
            MDC.remove("queueId");
        }
    }

    /** Waits for a body's fsyncs before the body is deleted, whatever they end with. */
    private void awaitQuietly(Future<?> durable) {
        try {
            durable.get(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The body is deleted next in any case.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(Transaction transaction, String ref)
            throws ExecutionException, TimeoutException, InterruptedException {
        Envelope envelope = transaction.envelope;
        MessageAccepted event = AcceptedEvents.of(transaction.id.value(), envelope, ref, transaction.writer.size(),
                transaction.writer.crc32c(), clock.instant());
        int publishing = publishingNow.incrementAndGet();
        try {
            Future<RecordMetadata> acknowledged = producer.send(
                    new ProducerRecord<>(Topics.ACCEPTED, transaction.id.value(), EventCodec.encode(event)));
            if (publishing == 1) {
                // Alone: no other envelope will join this one's batch, so do not wait out the linger.
                // flush() sends at once and returns when the broker has answered (or the record's
                // delivery timeout, below queueTimeout, has failed it), as the get below would.
                producer.flush();
            }
            acknowledged.get(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            publishingNow.decrementAndGet();
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
            try {
                return CompletableFuture.supplyAsync(() -> SpoolKafkaSink.this.commit(this), executor);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                abort();
                return CompletableFuture.completedFuture(
                        new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "shutting down"));
            }
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
