package org.paperpath.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.model.MailAddress;
import org.paperpath.model.Topics;
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

    private static Envelope envelope() {
        return new Envelope("client.test", "192.0.2.1", Optional.of(MailAddress.parse("sender@remote.test")),
                List.of(MailAddress.parse("alice@example.test")), MailParameters.NONE, List.of(RcptParameters.NONE),
                Origin.ESMTP);
    }
}
