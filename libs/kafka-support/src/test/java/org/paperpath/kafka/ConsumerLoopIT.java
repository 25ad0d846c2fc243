package org.paperpath.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The consumer loop's promise on a real broker: every record handled, none skipped, commits survive a restart. */
class ConsumerLoopIT {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void aFailingRecordIsRetriedNotSkippedAndOrderIsKept() throws Exception {
        String topic = "loop-retry";
        TopicProvisioner.ensure(broker.getBrokersAsString(), List.of(TopicSpec.of(topic, 1)));
        send(topic, "a", "b", "c");
        AtomicInteger failuresLeft = new AtomicInteger(2);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (ConsumerLoop loop = new ConsumerLoop(broker.getBrokersAsString(), "g-retry", "retry", List.of(topic),
                record -> {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (value.equals("b") && failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("not now");
                    }
                    handled.add(value);
                }, Duration.ofMillis(50), partitions -> { })) {
            loop.start();
            await(() -> handled.size() == 3);
        }
        assertThat(handled).containsExactly("a", "b", "c");
        assertThat(failuresLeft.get()).isNegative();
    }

    @Test
    void aRestartedLoopResumesAfterTheLastCommittedRecord() throws Exception {
        String topic = "loop-resume";
        TopicProvisioner.ensure(broker.getBrokersAsString(), List.of(TopicSpec.of(topic, 1)));
        send(topic, "1", "2");
        List<String> first = new CopyOnWriteArrayList<>();
        try (ConsumerLoop loop = new ConsumerLoop(broker.getBrokersAsString(), "g-resume", "resume-1", List.of(topic),
                record -> first.add(new String(record.value(), StandardCharsets.UTF_8)))) {
            loop.start();
            await(() -> first.size() == 2);
        }
        send(topic, "3");
        List<String> second = new CopyOnWriteArrayList<>();
        try (ConsumerLoop loop = new ConsumerLoop(broker.getBrokersAsString(), "g-resume", "resume-2", List.of(topic),
                record -> second.add(new String(record.value(), StandardCharsets.UTF_8)))) {
            loop.start();
            await(() -> second.size() >= 1);
            Thread.sleep(500);
        }
        assertThat(first).containsExactly("1", "2");
        assertThat(second).containsExactly("3");
    }

    @Test
    void provisioningTwiceIsHarmless() {
        List<TopicSpec> specs = List.of(TopicSpec.compacted("loop-compacted", 2));
        TopicProvisioner.ensure(broker.getBrokersAsString(), specs);
        TopicProvisioner.ensure(broker.getBrokersAsString(), specs);
    }

    private static void send(String topic, String... values) throws Exception {
        try (KafkaProducer<String, byte[]> producer = ReliableProducers.create(broker.getBrokersAsString(), "test",
                Duration.ofSeconds(10))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
