package org.paperpath.account;

import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A PATCH body in the spirit of JSON Merge Patch (RFC 7396): a field that is absent stays as it is,
 * a field set to {@code null} is cleared. A record cannot tell "absent" from "null", so the values
 * are read into the record and the present field names kept beside them.
 *
 * @param values the body as the record type, bean-validated
 * @param present the top-level fields the body names
 */
record MergePatch<T extends Record>(T values, Set<String> present) {

    /**
     * Reads {@code body} as a {@code type}, refusing fields the record does not have.
     *
     * @throws InvalidInputException naming the first bad field
     */
    static <T extends Record> MergePatch<T> read(JsonNode body, Class<T> type) {
        T values = StrictJson.read(body, type);
        return new MergePatch<>(values, Set.copyOf(body.propertyNames()));
    }

    /** The changed field names, sorted, for the audit trail (never their values). */
    String describe() {
        return present.stream().sorted().collect(Collectors.joining(","));
    }

    boolean has(String field) {
        return present.contains(field);
    }

    /** The new value of a field that may be cleared: the patch's if named, else {@code current}. */
    <V> V pick(String field, V patched, V current) {
        return has(field) ? patched : current;
    }

    /** The new value of a field that cannot be cleared: an explicit null is refused. */
    <V> V pickRequired(String field, V patched, V current) {
        if (!has(field)) {
            return current;
        }
        if (patched == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return patched;
    }
}
