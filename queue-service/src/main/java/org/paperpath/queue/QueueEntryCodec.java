package org.paperpath.queue;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON of {@link QueueEntry} on the queue-state topic; a record of an unknown version is refused. */
final class QueueEntryCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private QueueEntryCodec() {
    }

    static byte[] encode(QueueEntry entry) {
        return MAPPER.writeValueAsBytes(entry);
    }

    static QueueEntry decode(byte[] bytes) {
        QueueEntry entry;
        try {
            entry = MAPPER.readValue(bytes, QueueEntry.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("undecodable queue entry: " + e.getMessage(), e);
        }
        if (entry.v() != QueueEntry.VERSION) {
            throw new IllegalArgumentException("unsupported queue entry version " + entry.v());
        }
        return entry;
    }
}
