package org.paperpath.delivery.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * qmail-local's loop rule: a message whose header section already holds
 * {@code Delivered-To: <this recipient>} has been here before and fails for good. Only the header
 * section is read (RFC 5322 section 2.2, folded lines unfolded), at most {@link #MAX_HEADER_BYTES}.
 */
final class DeliveredToScan {

    static final int MAX_HEADER_BYTES = 256 * 1024;

    private DeliveredToScan() {
    }

    /** True if a Delivered-To field of {@code message}'s header equals one of {@code addresses}, ignoring case. */
    static boolean contains(InputStream message, String... addresses) throws IOException {
        String field = null;
        int read = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = 0;
        while (read < MAX_HEADER_BYTES && (b = message.read()) != -1) {
            read++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = stripCr(line.toString(StandardCharsets.ISO_8859_1));
            line.reset();
            if (text.isEmpty()) {
                return matches(field, addresses);
            }
            if (isContinuation(text) && field != null) {
                field = field + text;
                continue;
            }
            if (matches(field, addresses)) {
                return true;
            }
            field = text;
        }
        // The header section ended without a blank line (end of message or the size cap).
        String rest = stripCr(line.toString(StandardCharsets.ISO_8859_1));
        if (!rest.isEmpty() && isContinuation(rest) && field != null) {
            return matches(field + rest, addresses);
        }
        return matches(field, addresses) || matches(rest, addresses);
    }

    private static boolean isContinuation(String text) {
        return text.charAt(0) == ' ' || text.charAt(0) == '\t';
    }

    private static boolean matches(String field, String... addresses) {
        if (field == null) {
            return false;
        }
        int colon = field.indexOf(':');
        if (colon < 0 || !field.substring(0, colon).trim().equalsIgnoreCase("Delivered-To")) {
            return false;
        }
        String value = field.substring(colon + 1).trim();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        for (String address : addresses) {
            if (value.toLowerCase(Locale.ROOT).equals(address.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String stripCr(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
