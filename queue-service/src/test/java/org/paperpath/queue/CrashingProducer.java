package org.paperpath.queue;

import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real producer that "dies" at the {@code n}-th send to one topic: that send and every later one
 * throw, as if the process had stopped there. The sends before it reached the broker.
 */
final class CrashingProducer extends KafkaProducer<String, byte[]> {

    private final String topic;
    private final int crashAt;
    private final AtomicInteger sends = new AtomicInteger();
    private volatile boolean dead;

    CrashingProducer(String bootstrap, String topic, int crashAt) {
        super(properties(bootstrap));
        this.topic = topic;
        this.crashAt = crashAt;
    }

    /** acks=all and idempotent, as {@code ReliableProducers} makes them. */
    private static Properties properties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "crashing-queue");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    boolean isDead() {
        return dead;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        if (!dead && record.topic().equals(topic) && sends.incrementAndGet() == crashAt) {
            dead = true;
        }
        if (dead) {
            throw new KafkaException("crashed on purpose at send " + crashAt + " to " + topic);
        }
        return super.send(record, callback);
    }
}
