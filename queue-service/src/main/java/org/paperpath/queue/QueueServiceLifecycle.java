package org.paperpath.queue;

import java.util.List;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.Topics;
import org.springframework.context.SmartLifecycle;

/** Starts queue-service's consumer once the topics exist; closes it (commit, leave the group) on stop. */
final class QueueServiceLifecycle implements SmartLifecycle {

    static final String GROUP = "paperpath-queue";

    private final String bootstrapServers;
    private final QueueServiceProperties properties;
    private final QueueProcessor processor;
    private final QueueStateStore store;
    private volatile ConsumerLoop loop;

    QueueServiceLifecycle(String bootstrapServers, QueueServiceProperties properties, QueueProcessor processor,
            QueueStateStore store) {
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.processor = processor;
        this.store = store;
    }

    @Override
    public synchronized void start() {
        if (loop != null || !properties.enabled()) {
            return;
        }
        TopicProvisioner.ensure(bootstrapServers, PaperpathTopics.ALL);
        ConsumerLoop created = new ConsumerLoop(bootstrapServers, GROUP, "paperpath-queue",
                List.of(Topics.ACCEPTED, Topics.DELIVERY_RESULTS), processor, properties.retryPause(), store::rebuild);
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

    boolean isAssigned() {
        ConsumerLoop current = loop;
        return current != null && current.isRunning() && current.isAssigned();
    }
}
