package org.paperpath.sendmail;

import java.util.List;

/**
 * One header field as it was written: its name and its physical lines (the first holds
 * {@code Name:}, the rest are folded continuations), so untouched fields go out byte for byte.
 */
record HeaderField(String name, List<String> lines) {

    HeaderField {
        lines = List.copyOf(lines);
    }

    static HeaderField of(String name, String value) {
        return new HeaderField(name, List.of(name + ": " + value));
    }

    boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The unfolded value after the colon (RFC 5322 section 2.2.3). */
    String value() {
        String joined = String.join("", lines);
        return joined.substring(joined.indexOf(':') + 1).trim();
    }
}
