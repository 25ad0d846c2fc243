package org.paperpath.delivery.local;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.model.Topics;
import org.paperpath.spool.Spool;

/**
 * A delivery-local member in its own JVM that dies with {@code halt(9)} right after the Maildir
 * write of one chosen queue id, before its result is published or its offset committed. It runs the
 * production {@link LocalDeliveryHandler}; only the consumer is its own, with a short session
 * timeout so that the group notices the death within seconds.
 *
 * <p>Arguments: bootstrap servers, data folder, queue id to crash on. Exits 2 if that never came.
 */
public final class CrashingDeliveryLocalMain {

    public static final int HALT_STATUS = 9;

    private CrashingDeliveryLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path data = Path.of(args[1]);
        String crashOn = args[2];
        DeliveryObserver crash = (delivery, outcome) -> {
            if (delivery.queueId().equals(crashOn)) {
                Runtime.getRuntime().halt(HALT_STATUS);
            }
        };
        LocalDeliverer deliverer = new LocalDeliverer(data.resolve("mail"), "crashing-node",
                new Spool(data.resolve("spool")), crash, Clock.systemUTC());
        try (KafkaProducer<String, byte[]> producer = ReliableProducers.create(bootstrap, "crashing", Duration.ofSeconds(30));
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrap))) {
            LocalDeliveryHandler handler = new LocalDeliveryHandler(deliverer, producer, Duration.ofSeconds(30),
                    new SimpleMeterRegistry());
            consumer.subscribe(List.of(Topics.LOCAL_DELIVERIES));
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handler.handle(record);
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        }
        System.exit(2);
    }

    private static Properties consumerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, DeliveryLocalConfiguration.GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
