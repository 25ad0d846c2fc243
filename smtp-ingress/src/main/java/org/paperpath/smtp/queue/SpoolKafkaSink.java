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
 * The claim check of DESIGN.md: the body goes to the {@link Spool} (fsynced), then the envelope to
 * {@link Topics#ACCEPTED} with acks=all, and only when both succeeded is the message queued. A
 * failure after the spool commit deletes the body again, so nothing is ever half-accepted.
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
    private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
    /** Envelopes between send and acknowledgement, to tell a lone message from a batch in the making. */
    private final AtomicInteger publishingNow = new AtomicInteger();

    public SpoolKafkaSink(Spool spool, Producer<String, byte[]> producer, Duration queueTimeout, Clock clock) {
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
    }

    private QueueOutcome commit(Transaction transaction) {
        QueueId id = transaction.id;
        MDC.put("queueId", id.value());
        try {
            String ref;
            try {
                ref = transaction.writer.commit();
            } catch (IOException | UncheckedIOException e) {
                log.warn("spool commit failed: {}", e.toString());
                transaction.abort();
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.SPOOL, e.toString());
            }
            try {
                publish(transaction, ref);
                return new QueueOutcome.Queued(id, ref, transaction.writer.size());
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("broker did not acknowledge the envelope, body deleted: {}", e.toString());
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deleteQuietly(ref);
                return new QueueOutcome.Failed(id, QueueOutcome.Reason.QUEUE, "interrupted");
            }
        } finally {
            MDC.remove("queueId");
        }
    }

    private void publish(Transaction transaction, String ref)
            throws ExecutionException, TimeoutException, InterruptedException {
        Envelope envelope = transaction.envelope;
        MessageAccepted event = AcceptedEvents.of(transaction.id.value(), envelope, ref, transaction.writer.size(),
                clock.instant());
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

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "smtp-queue-" + count.incrementAndGet());
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
