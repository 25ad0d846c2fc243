package org.paperpath.delivery.local.autoreply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header section of a message (RFC 5322 section 2.2): fields unfolded, names compared ignoring
 * case, values trimmed. Reads up to the first empty line or {@link #MAX_BYTES}, whichever comes
 * first; bytes are taken as UTF-8 (RFC 6532), anything undecodable becomes U+FFFD.
 */
final class MessageHeader {

    /** No header section worth replying to is larger. */
    static final int MAX_BYTES = 256 * 1024;

    private final List<Field> fields;

    /** One field: its name as written and its unfolded value. */
    record Field(String name, String value) {
    }

    private MessageHeader(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    static MessageHeader read(InputStream message) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int read = 0;
        int b;
        while (read < MAX_BYTES && (b = message.read()) != -1) {
            read++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = stripCr(line.toString(StandardCharsets.UTF_8));
            line.reset();
            if (text.isEmpty()) {
                return parse(lines);
            }
            lines.add(text);
        }
        String rest = stripCr(line.toString(StandardCharsets.UTF_8));
        if (!rest.isEmpty()) {
            lines.add(rest);
        }
        return parse(lines);
    }

    private static MessageHeader parse(List<String> lines) {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String text : lines) {
            boolean continuation = text.charAt(0) == ' ' || text.charAt(0) == '\t';
            if (continuation && current != null) {
                current.append(' ').append(text.trim());
                continue;
            }
            add(fields, current);
            current = new StringBuilder(text);
        }
        add(fields, current);
        return new MessageHeader(fields);
    }

    private static void add(List<Field> fields, StringBuilder raw) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(":");
        if (colon <= 0) {
            return;
        }
        fields.add(new Field(raw.substring(0, colon).trim(), raw.substring(colon + 1).trim()));
    }

    private static String stripCr(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Every value of the fields named {@code name}, in order. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /** The first value of the field named {@code name}. */
    Optional<String> first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    boolean has(String name) {
        return first(name).isPresent();
    }

    /** The value's first token, lower case, without comments or parameters: {@code auto-replied; x} → {@code auto-replied}. */
    static String keyword(String value) {
        String v = value.replaceAll("\\([^)]*\\)", " ").trim();
        int end = 0;
        while (end < v.length() && !Character.isWhitespace(v.charAt(end)) && v.charAt(end) != ';') {
            end++;
        }
        return v.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
