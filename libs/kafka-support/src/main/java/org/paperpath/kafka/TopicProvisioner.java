package org.paperpath.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a service needs if they do not exist yet, at the broker's default replication
 * factor, in one request, and returns once every partition of them has a leader. Idempotent: every
 * replica of every service may call it at start-up.
 *
 * <p>A created topic is not yet writable: its partitions get leaders a moment later. A producer
 * that writes in that moment is answered NOT_LEADER_OR_FOLLOWER, and the idempotent producer of
 * Kafka 4.1 was seen to end such a start in OutOfOrderSequenceException on every retry, so that no
 * record of the partition was acknowledged again (QueueBatchIT, a loaded CI run).
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    public static void ensure(String bootstrapServers, List<TopicSpec> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (TopicSpec spec : topics) {
                wanted.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                        .configs(Map.copyOf(spec.configs())));
            }
            Map<String, KafkaFuture<Void>> results = admin.createTopics(wanted).values();
            for (TopicSpec spec : topics) {
                await(spec.name(), results.get(spec.name()));
            }
            awaitLeaders(admin, topics.stream().map(TopicSpec::name).toList());
        }
    }

    /** Waits (30 s at most) until every partition of {@code names} has a leader that takes requests. */
    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String missing = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                missing = withoutLeader(described);
                if (missing == null && leadersAnswer(admin, described)) {
                    return;
                }
            } catch (ExecutionException e) {
                missing = e.getCause().toString(); // e.g. the topic is not in the broker's metadata yet
            } catch (TimeoutException e) {
                missing = "no answer from the broker";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for partition leaders", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for partition leaders", e);
            }
        }
        throw new IllegalStateException("topics created, but without partition leaders after 30 s: " + missing);
    }

    /**
     * Whether every partition's leader answers for it: ListOffsets is served by the leader's replica
     * itself, so it succeeds only once the broker takes writes for the partition, which the metadata
     * that describeTopics reads can announce a moment earlier.
     */
    private static boolean leadersAnswer(Admin admin, Map<String, TopicDescription> topics)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        try {
            admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException notYet) {
            return false;
        }
    }

    /** The first partition without a leader, or null when all have one. */
    private static String withoutLeader(Map<String, TopicDescription> topics) {
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return topic.name() + "-" + partition.partition();
                }
            }
        }
        return null;
    }

    private static void await(String topic, KafkaFuture<Void> created) {
        try {
            created.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not answer while creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }
}
