package org.paperpath.kafka;

import java.util.ArrayList;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a service needs if they do not exist yet, at the broker's default replication
 * factor, in one request. Idempotent: every replica of every service may call it at start-up.
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
        }
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
