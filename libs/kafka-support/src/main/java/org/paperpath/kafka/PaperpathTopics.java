package org.paperpath.kafka;

import java.util.List;
import org.paperpath.model.Topics;

/** Partition counts and policies of every Paperpath topic, so all services create them alike. */
public final class PaperpathTopics {

    /** Partitions of each work topic: the unit of parallelism of every consumer group. */
    public static final int PARTITIONS = 6;

    public static final List<TopicSpec> ALL = List.of(
            TopicSpec.of(Topics.ACCEPTED, PARTITIONS),
            TopicSpec.of(Topics.LOCAL_DELIVERIES, PARTITIONS),
            TopicSpec.of(Topics.REMOTE_DELIVERIES, PARTITIONS),
            TopicSpec.of(Topics.DELIVERY_RESULTS, PARTITIONS),
            TopicSpec.compacted(Topics.DIRECTORY, 1),
            TopicSpec.compacted(Topics.QUEUE_STATE, PARTITIONS),
            TopicSpec.of(Topics.MAILBOX_CHANGES, PARTITIONS));

    private PaperpathTopics() {
    }
}
