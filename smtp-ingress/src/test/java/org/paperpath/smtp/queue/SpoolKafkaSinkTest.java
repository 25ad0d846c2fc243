package org.paperpath.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.model.MailAddress;
import org.paperpath.model.Topics;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.spool.Spool;

/**
 * How the sink hands envelopes to its producer. The broker path itself is covered with a real broker
 * ({@code BrokerUnreachableIT}, {@code SmtpIngressIT}); a {@link MockProducer} that acknowledges
 * nothing until it is flushed shows here whether the sink waits for a batch or sends at once.
 */
class SpoolKafkaSinkTest {

    @TempDir
    Path spoolDir;

    @Test
    void aLoneMessageIsSentAtOnceInsteadOfWaitingForOthersToJoinItsBatch() throws Exception {
        // autoComplete=false: a send is acknowledged only by flush(), as a lingering batch is only sent
        // when it fills or its linger is over. Without the sink's flush this commit would time out.
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        Spool spool = new Spool(spoolDir);
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC())) {
            MailTransaction transaction = sink.begin(envelope());
            transaction.write(ByteBuffer.wrap("Subject: alone\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));

            QueueOutcome outcome = transaction.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(QueueOutcome.Queued.class);
            assertThat(producer.history()).singleElement()
                    .satisfies(record -> assertThat(record.topic()).isEqualTo(Topics.ACCEPTED))
                    .satisfies(record -> assertThat(record.key()).isEqualTo(transaction.queueId().value()));
            assertThat(spool.exists(((QueueOutcome.Queued) outcome).spoolRef())).isTrue();
        }
    }

    @Test
    void anEnvelopeTheBrokerRefusesIsNotQueuedAndItsBodyIsDeleted() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        Spool spool = new Spool(spoolDir);
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC())) {
            producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker gone");
            MailTransaction transaction = sink.begin(envelope());
            transaction.write(ByteBuffer.wrap("Subject: refused\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));

            QueueOutcome outcome = transaction.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(QueueOutcome.Failed.class);
            assertThat(spool.count()).isZero();
            assertThat(spool.pendingCount()).isZero();
        }
    }

    @Test
    void theEnvelopeGoesOutWithTheBodyWholeUnderItsReferenceAndItsChecksum() throws Exception {
        byte[] body = "Subject: whole\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        Spool spool = new Spool(spoolDir);
        List<String> seenAtSend = new CopyOnWriteArrayList<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record,
                    Callback callback) {
                MessageAccepted event = EventCodec.decode(record.value(), MessageAccepted.class);
                try {
                    // What a queue-service on another node would find at this moment.
                    seenAtSend.add(spool.check(event.spoolRef(), event.size(), event.bodyCrc32c())
                            == Spool.BodyCheck.WHOLE ? "whole" : "not whole");
                } catch (java.io.IOException e) {
                    seenAtSend.add(e.toString());
                }
                return super.send(record, callback);
            }
        };
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC())) {
            MailTransaction transaction = sink.begin(envelope());
            transaction.write(ByteBuffer.wrap(body));

            QueueOutcome outcome = transaction.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOf(QueueOutcome.Queued.class);
            assertThat(seenAtSend).containsExactly("whole");
            CRC32C crc = new CRC32C();
            crc.update(body);
            MessageAccepted sent = EventCodec.decode(producer.history().get(0).value(), MessageAccepted.class);
            assertThat(sent.bodyCrc32c()).isEqualTo(crc.getValue());
            assertThat(sent.size()).isEqualTo(body.length);
        }
    }

    @Test
    void aFailedFsyncAfterTheBrokerTookTheEnvelopeIsNotQueuedAndDeletesTheBody() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        Spool spool = new Spool(spoolDir);
        SpoolKafkaSink.BodySync failingDisk = (writer, name) -> {
            throw new java.io.IOException("Input/output error");
        };
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC(),
                failingDisk)) {
            MailTransaction transaction = sink.begin(envelope());
            transaction.write(ByteBuffer.wrap("Subject: lost fsync\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));

            QueueOutcome outcome = transaction.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(outcome).isInstanceOfSatisfying(QueueOutcome.Failed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(QueueOutcome.Reason.SPOOL));
            // The broker has the envelope; without its body queue-service drops it (QueueProcessorTest).
            MessageAccepted sent = EventCodec.decode(producer.history().get(0).value(), MessageAccepted.class);
            assertThat(spool.exists(sent.spoolRef())).isFalse();
            assertThat(spool.count()).isZero();
            assertThat(spool.pendingCount()).isZero();
        }
    }

    @Test
    void aQueuedBodyHadItsContentAndItsNameForcedAndAFailedDirectoryFsyncQueuesNothing() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        Spool spool = new Spool(spoolDir);
        List<String> forced = new CopyOnWriteArrayList<>();
        SpoolKafkaSink.BodySync recording = (writer, name) -> {
            SpoolKafkaSink.BodySync.DISK.force(writer, name);
            forced.add(name ? "name" : "content");
        };
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC(),
                recording)) {
            assertThat(commit(sink, "forced")).isInstanceOf(QueueOutcome.Queued.class);
            assertThat(forced).containsExactlyInAnyOrder("content", "name");
        }
        SpoolKafkaSink.BodySync failingDirectory = (writer, name) -> {
            if (name) {
                throw new java.io.IOException("Input/output error");
            }
            writer.forceContent();
        };
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC(),
                failingDirectory)) {
            assertThat(commit(sink, "lost name"))
                    .isInstanceOfSatisfying(QueueOutcome.Failed.class,
                            failed -> assertThat(failed.reason()).isEqualTo(QueueOutcome.Reason.SPOOL));
            assertThat(spool.count()).isEqualTo(1);
        }
    }

    @Test
    void eachStepOfAQueuedCommitIsTimedAndARefusedEnvelopeIsNotCountedAsAcknowledged() throws Exception {
        RecordedTimings timings = new RecordedTimings();
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        Spool spool = new Spool(spoolDir);
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC(),
                timings)) {
            assertThat(commit(sink, "timed")).isInstanceOf(QueueOutcome.Queued.class);

            assertThat(timings.published).singleElement().satisfies(nanos -> assertThat(nanos).isPositive());
            assertThat(timings.synced).singleElement().satisfies(nanos -> assertThat(nanos).isPositive());
            assertThat(timings.acknowledged).singleElement().satisfies(nanos -> assertThat(nanos).isPositive());

            producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker gone");
            assertThat(commit(sink, "refused")).isInstanceOf(QueueOutcome.Failed.class);

            assertThat(timings.published).hasSize(2);
            assertThat(timings.acknowledged).hasSize(1);
        }
    }

    @Test
    void anEnvelopeTheBrokerNeverAnswersIsNotQueuedOnceTheQueueTimeoutHasPassed() throws Exception {
        // Neither an answer nor an error: flush() returns at once, and the callback is never called.
        MockProducer<String, byte[]> silent = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public void flush() {
            }
        };
        Spool spool = new Spool(spoolDir);
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, silent, Duration.ofMillis(300), Clock.systemUTC())) {
            QueueOutcome outcome = commit(sink, "unanswered");

            assertThat(outcome).isInstanceOfSatisfying(QueueOutcome.Failed.class, failed -> {
                assertThat(failed.reason()).isEqualTo(QueueOutcome.Reason.QUEUE);
                assertThat(failed.detail()).contains("no answer from the broker within PT0.3S");
            });
            assertThat(spool.count()).isZero();
            assertThat(spool.pendingCount()).isZero();
        }
    }

    @Test
    void theBrokersAnswerSettlesTheOutcomeOnItsOwnThreadBeforeFlushReturns() throws Exception {
        // The answer comes on a thread of the producer's (as its network thread calls back), and flush()
        // returns only once the test has its outcome: a sink that settled after flush() never would.
        CountDownLatch outcomeSeen = new CountDownLatch(1);
        List<String> answeredOn = new CopyOnWriteArrayList<>();
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public void flush() {
                Thread network = new Thread(() -> {
                    answeredOn.add(Thread.currentThread().getName());
                    super.flush();
                }, "producer-network");
                network.start();
                try {
                    network.join();
                    outcomeSeen.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Spool spool = new Spool(spoolDir);
        try (SpoolKafkaSink sink = new SpoolKafkaSink(spool, producer, Duration.ofSeconds(20), Clock.systemUTC())) {
            MailTransaction transaction = sink.begin(envelope());
            transaction.write(ByteBuffer.wrap("Subject: early\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
            CompletableFuture<QueueOutcome> outcome = transaction.commit().toCompletableFuture();
            try {
                assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(QueueOutcome.Queued.class);
                assertThat(answeredOn).containsExactly("producer-network");
            } finally {
                outcomeSeen.countDown();
            }
        }
    }

    /** Begins, writes and commits a small message; its outcome. */
    private static QueueOutcome commit(SpoolKafkaSink sink, String subject) throws Exception {
        MailTransaction transaction = sink.begin(envelope());
        String message = "Subject: " + subject + "\r\n\r\nbody\r\n";
        transaction.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)));
        return transaction.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Keeps what the sink reports, in nanoseconds. */
    private static final class RecordedTimings implements CommitTimings {
        final List<Long> published = new CopyOnWriteArrayList<>();
        final List<Long> synced = new CopyOnWriteArrayList<>();
        final List<Long> acknowledged = new CopyOnWriteArrayList<>();

        @Override
        public void published(long nanos) {
            published.add(nanos);
        }

        @Override
        public void bodySynced(long nanos) {
            synced.add(nanos);
        }

        @Override
        public void envelopeAcknowledged(long nanos) {
            acknowledged.add(nanos);
        }
    }

    private static Envelope envelope() {
        return new Envelope("client.test", "192.0.2.1", Optional.of(MailAddress.parse("sender@remote.test")),
                List.of(MailAddress.parse("alice@example.test")), MailParameters.NONE, List.of(RcptParameters.NONE),
                Origin.ESMTP);
    }
}
