package org.paperpath.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one record of a {@link ConsumerLoop}. Returning normally means the record's effects are
 * durable and its offset may be committed; throwing means "not now": the loop seeks back and retries
 * the same record after a pause, so a handler must be idempotent.
 */
@FunctionalInterface
public interface RecordHandler {

    void handle(ConsumerRecord<String, byte[]> record) throws Exception;
}
