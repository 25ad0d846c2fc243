package org.paperpath.delivery.remote;

import java.util.List;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.Topics;
import org.springframework.context.SmartLifecycle;

/** Starts delivery-remote's consumer once the topics exist; closes it (commit, leave the group) on stop. */
final class DeliveryRemoteLifecycle implements SmartLifecycle {

    static final String GROUP = "paperpath-delivery-remote";

    private final String bootstrapServers;
    private final DeliveryRemoteProperties properties;
    private final RemoteDeliveryHandler handler;
    private volatile ConsumerLoop loop;

    DeliveryRemoteLifecycle(String bootstrapServers, DeliveryRemoteProperties properties,
            RemoteDeliveryHandler handler) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.handler = handler;
    }

    @Override
    public synchronized void start() {
        if (loop != null || !properties.enabled()) {
            return;
        }
        TopicProvisioner.ensure(bootstrapServers, PaperpathTopics.ALL);
        ConsumerLoop created = new ConsumerLoop(bootstrapServers, GROUP, "paperpath-delivery-remote",
                List.of(Topics.REMOTE_DELIVERIES), handler, properties.retryPause(), partitions -> { });
        created.start();
        loop = created;
    }

    @Override
    public synchronized void stop() {
        ConsumerLoop current = loop;
        loop = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isRunning() {
        ConsumerLoop current = loop;
        return current != null && current.isRunning();
    }
}
