package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-machine broker flushes every mail record before acknowledging it, and only the consumer
 * offsets topic is left to the OS ({@link OffsetsFlushPolicy}).
 */
class InProcessKafkaIT {

    @TempDir
    Path dir;

    @Test
    void mailTopicsAreFlushedPerRecordWithSparseIndexesAndConsumerOffsetsAreNotFlushed() throws Exception {
        try (InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"), 0, 0);
                Admin admin = Admin.create(adminProps(kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("paperpath.accepted", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            commitAnOffset(kafka.bootstrapServers());

            String offsetsFlush = awaitFlushSetting(admin, OffsetsFlushPolicy.OFFSETS_TOPIC, Long.toString(Long.MAX_VALUE));

            assertThat(offsetsFlush).isEqualTo(Long.toString(Long.MAX_VALUE));
            assertThat(flushSetting(admin, "paperpath.accepted")).isEqualTo("1");
            assertThat(topicSetting(admin, "paperpath.accepted", TopicConfig.INDEX_INTERVAL_BYTES_CONFIG))
                    .isEqualTo(Integer.toString(InProcessKafka.INDEX_INTERVAL_BYTES));
        }
    }

    /** A consumer group's first commit makes the broker create the offsets topic. */
    private static void commitAnOffset(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "flush-policy-test");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("paperpath.accepted", 0);
            consumer.assign(Set.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(0)), Duration.ofSeconds(60));
        }
    }

    private static String awaitFlushSetting(Admin admin, String topic, String wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String seen = null;
        while (System.nanoTime() < deadline) {
            try {
                seen = flushSetting(admin, topic);
                if (wanted.equals(seen)) {
                    return seen;
                }
            } catch (java.util.concurrent.ExecutionException notYet) {
                seen = notYet.getCause().toString();
            }
            Thread.sleep(200);
        }
        return seen;
    }

    private static String flushSetting(Admin admin, String topic) throws Exception {
        return topicSetting(admin, topic, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG);
    }

    private static String topicSetting(Admin admin, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(name).value();
    }

    private static Properties adminProps(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }
}
