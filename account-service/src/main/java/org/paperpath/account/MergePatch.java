package org.paperpath.account;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PATCH body in the spirit of JSON Merge Patch (RFC 7396): a field that is absent stays as it is,
 * a field set to {@code null} is cleared. A record cannot tell "absent" from "null", so the values
 * are read into the record and the present field names kept beside them.
 *
 * @param values the body as the record type, bean-validated
 * @param present the top-level fields the body names
 */
record MergePatch<T extends Record>(T values, Set<String> present) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    /**
     * Reads {@code body} as a {@code type}, refusing fields the record does not have.
     *
     * @throws InvalidInputException naming the first bad field
     */
    static <T extends Record> MergePatch<T> read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        Set<String> known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
        Set<String> present = new LinkedHashSet<>(body.propertyNames());
        for (String name : present) {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, "cannot be changed here");
            }
        }
        T values;
        try {
            values = JSON.treeToValue(body, type);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getPropertyName();
            throw new InvalidInputException(field == null ? "body" : field, "has the wrong type");
        }
        Validator validator = VALIDATION.getValidator();
        Optional<ConstraintViolation<T>> violation = validator.validate(values).stream().findFirst();
        if (violation.isPresent()) {
            throw new InvalidInputException(violation.get().getPropertyPath().toString(), violation.get().getMessage());
        }
        return new MergePatch<>(values, Set.copyOf(present));
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
