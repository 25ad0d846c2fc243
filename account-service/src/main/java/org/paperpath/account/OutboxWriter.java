package org.paperpath.account;

import java.nio.charset.StandardCharsets;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes directory events to {@code directory_outbox}. Called inside the transaction of the change
 * an event describes, so the directory topic never misses a committed change and never sees an
 * uncommitted one; {@link OutboxPublisher} sends the rows.
 */
final class OutboxWriter {

    private final JdbcClient jdbc;

    OutboxWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void upsert(DirectoryEvent event) {
        jdbc.sql("INSERT INTO directory_outbox (record_key, payload) VALUES (:key, :payload)")
                .param("key", event.key())
                .param("payload", new String(EventCodec.encode(event), StandardCharsets.UTF_8))
                .update();
    }

    /** A deletion on the compacted topic: the key with a null value. */
    void tombstone(String key) {
        jdbc.sql("INSERT INTO directory_outbox (record_key, payload) VALUES (:key, NULL)").param("key", key).update();
    }
}
