package org.paperpath.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The identity of one accepted message from ingress to final state: time-ordered, unique across
 * replicas, and safe as a file name (upper-case hex only).
 */
public record QueueId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-F]{12}[0-9A-F]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public QueueId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a queue id: " + value);
        }
    }

    /** A new id: 12 hex digits of epoch milliseconds, then 48 random bits. */
    public static QueueId generate() {
        long random = RANDOM.nextLong() & 0xFFFF_FFFF_FFFFL;
        return new QueueId(String.format("%012X%012X", System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL, random));
    }

    @Override
    public String toString() {
        return value;
    }
}
