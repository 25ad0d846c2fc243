package org.paperpath.model.event;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * JSON encoding of the topic records. One mapper for every service so the wire format is one thing;
 * golden files in the tests pin it.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventCodec() {
    }

    public static byte[] encode(PaperpathEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    /**
     * Decodes a record of a known type.
     *
     * @throws IllegalArgumentException if the bytes are not such a record or carry an unknown version
     */
    public static <T extends PaperpathEvent> T decode(byte[] bytes, Class<T> type) {
        T event;
        try {
            event = MAPPER.readValue(bytes, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("undecodable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (event.v() != 1) {
            throw new IllegalArgumentException("unsupported " + type.getSimpleName() + " version " + event.v());
        }
        return event;
    }
}
