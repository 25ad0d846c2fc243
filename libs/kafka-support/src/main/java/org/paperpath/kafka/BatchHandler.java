package org.paperpath.kafka;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes every record of one poll of a {@link ConsumerLoop} at once. Returning normally means the
 * effects of every record are durable, and the loop commits the offsets of the whole batch; throwing
 * means "not now": the loop seeks every partition back to its first record of the batch and hands the
 * same records over again after a pause, so a handler must be idempotent for the whole batch.
 */
@FunctionalInterface
public interface BatchHandler {

    /** {@code records} in poll order: each partition's records in offset order. */
    void handleBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception;
}
