package org.paperpath.account;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON object into a request record outside Spring's binding: every POST, PUT and PATCH body
 * of the API and each NDJSON line of an import. Unknown fields are refused rather than ignored (an
 * operator's misspelt setting must not be lost silently), and the record's constraints are checked.
 */
final class StrictJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    private StrictJson() {
    }

    /**
     * A body that may be absent or JSON {@code null} (then null), else as {@link #read}.
     *
     * @throws InvalidInputException naming the first bad field, or {@code body} if it is no object
     */
    static <T extends Record> T readOptional(JsonNode body, Class<T> type) {
        return body == null || body.isNull() || body.isMissingNode() ? null : read(body, type);
    }

    /** @throws InvalidInputException naming the first bad field, or {@code body} if it is no object */
    static <T extends Record> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        Set<String> known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, "cannot be set here");
            }
        }
        T values;
        try {
            values = JSON.treeToValue(body, type);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getPropertyName();
            throw new InvalidInputException(field == null ? "body" : field, "has the wrong type");
        }
        Optional<ConstraintViolation<T>> violation = VALIDATION.getValidator().validate(values).stream().findFirst();
        if (violation.isPresent()) {
            throw new InvalidInputException(violation.get().getPropertyPath().toString(), violation.get().getMessage());
        }
        return values;
    }
}
