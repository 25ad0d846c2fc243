package org.paperpath.maildir;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maildir file names (DESIGN.md, "Maildir names"; https://cr.yp.to/proto/maildir.html):
 * {@code <seconds>.M<micros>P<pid>Q<n>R<random>.<host>,S=<size>,W=<crlf-size>}, then
 * {@code :2,<flags>} once a reader moves the file to cur/. The host part is escaped so that it can
 * contain neither a path separator nor the info separator.
 */
public final class MaildirNames {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong DELIVERIES = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private MaildirNames() {
    }

    /** A new unique base name (without sizes) for a delivery at {@code now} on {@code host}. */
    public static String uniqueBase(Instant now, String host) {
        return uniqueBase(now, host, Long.toHexString(RANDOM.nextLong()));
    }

    /**
     * Like {@link #uniqueBase(Instant, String)}, with {@code rPart} after {@code R} instead of a random
     * number: a keyed delivery puts the first 16 hex digits of its delivery key's SHA-256 there
     * ({@link DeliveryMarkers}), so that a retry can find the message by name. The name stays unique
     * through the time, pid and counter parts.
     */
    static String uniqueBase(Instant now, String host, String rPart) {
        return uniqueBaseEscaped(now, escapeHost(host), rPart);
    }

    /** Like {@link #uniqueBase(Instant, String, String)} with a host already {@link #escapeHost escaped}. */
    static String uniqueBaseEscaped(Instant now, String escapedHost, String rPart) {
        long micros = now.getNano() / 1000;
        return now.getEpochSecond() + ".M" + micros + "P" + PID + "Q" + DELIVERIES.incrementAndGet()
                + "R" + rPart + "." + escapedHost;
    }

    /** {@code base,S=<size>,W=<crlfSize>}. */
    public static String withSizes(String base, long size, long crlfSize) {
        return base + ",S=" + size + ",W=" + crlfSize;
    }

    /**
     * The host part as the maildir spec asks: {@code /} becomes {@code \057} and {@code :} becomes
     * {@code \072}; {@code ,} becomes {@code \054} too because it separates the size fields.
     */
    public static String escapeHost(String host) {
        StringBuilder out = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            switch (c) {
                case '/' -> out.append("\\057");
                case ':' -> out.append("\\072");
                case ',' -> out.append("\\054");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The name before the info suffix ({@code :2,flags}), i.e. the message's stable identity. */
    public static String uniqueName(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** The {@code W=} field of a name, if present. */
    public static OptionalLong crlfSize(String fileName) {
        return field(uniqueName(fileName), "W=");
    }

    /** The {@code S=} field of a name, if present. */
    public static OptionalLong size(String fileName) {
        return field(uniqueName(fileName), "S=");
    }

    /**
     * Delivery time in microseconds since the epoch as written by {@link #uniqueBase}, or empty for
     * names in other formats.
     */
    public static OptionalLong deliveryMicros(String fileName) {
        int dot = fileName.indexOf('.');
        if (dot <= 0 || dot + 1 >= fileName.length() || fileName.charAt(dot + 1) != 'M') {
            return OptionalLong.empty();
        }
        int end = dot + 2;
        while (end < fileName.length() && Character.isDigit(fileName.charAt(end))) {
            end++;
        }
        try {
            long seconds = Long.parseLong(fileName.substring(0, dot));
            long micros = Long.parseLong(fileName.substring(dot + 2, end));
            return OptionalLong.of(seconds * 1_000_000L + micros);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong field(String unique, String prefix) {
        String[] parts = unique.split(",");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith(prefix)) {
                try {
                    return OptionalLong.of(Long.parseLong(parts[i].substring(prefix.length())));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
