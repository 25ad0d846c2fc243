package org.paperpath.delivery.local;

import java.util.ArrayList;
import java.util.List;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.Topics;
import org.springframework.context.SmartLifecycle;

/** Starts delivery-local's consumers once the topics exist; closes them (commit, leave the group) on stop. */
final class DeliveryLocalLifecycle implements SmartLifecycle {

    static final String GROUP = "paperpath-delivery-local";

    private final String bootstrapServers;
    private final DeliveryLocalProperties properties;
    private final LocalDeliveryHandler handler;
    private final List<ConsumerLoop> loops = new ArrayList<>();

    DeliveryLocalLifecycle(String bootstrapServers, DeliveryLocalProperties properties, LocalDeliveryHandler handler) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.handler = handler;
    }

    @Override
    public synchronized void start() {
        if (!loops.isEmpty() || !properties.enabled()) {
            return;
        }
        TopicProvisioner.ensure(bootstrapServers, PaperpathTopics.ALL);
        for (int i = 0; i < properties.concurrency(); i++) {
            ConsumerLoop loop = new ConsumerLoop(bootstrapServers, GROUP, "paperpath-delivery-local-" + i,
                    List.of(Topics.LOCAL_DELIVERIES), handler, properties.retryPause(), partitions -> { });
            loop.start();
            loops.add(loop);
        }
    }

    @Override
    public synchronized void stop() {
        for (ConsumerLoop loop : loops) {
            loop.close();
        }
        loops.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::isRunning);
    }
}
