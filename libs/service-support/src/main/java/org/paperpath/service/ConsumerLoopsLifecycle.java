package org.paperpath.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.TopicProvisioner;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a service's consumer loops once the topics exist, and closes them on stop (each commits
 * what it processed and leaves its group). Stopping comes before bean destruction, so the producers
 * the handlers use are still open while the last records finish.
 */
public final class ConsumerLoopsLifecycle implements SmartLifecycle {

    private final String bootstrapServers;
    private final boolean enabled;
    private final int count;
    private final IntFunction<ConsumerLoop> factory;
    private final List<ConsumerLoop> loops = new ArrayList<>();

    /**
     * @param count how many loops (consumers in the group) this replica runs
     * @param factory creates loop number {@code i}, not yet started
     */
    public ConsumerLoopsLifecycle(String bootstrapServers, boolean enabled, int count, IntFunction<ConsumerLoop> factory) {
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.count = count;
        this.factory = factory;
    }

    @Override
    public synchronized void start() {
        if (!loops.isEmpty() || !enabled) {
            return;
        }
        TopicProvisioner.ensure(bootstrapServers, PaperpathTopics.ALL);
        for (int i = 0; i < count; i++) {
            ConsumerLoop loop = factory.apply(i);
            loop.start();
            loops.add(loop);
        }
    }

    @Override
    public synchronized void stop() {
        loops.forEach(ConsumerLoop::close);
        loops.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !loops.isEmpty() && loops.stream().allMatch(ConsumerLoop::isRunning);
    }

    /** Running, and every loop holds its share of the partitions. */
    public synchronized boolean isAssigned() {
        return isRunning() && loops.stream().allMatch(ConsumerLoop::isAssigned);
    }

    public int consumers() {
        return count;
    }
}
