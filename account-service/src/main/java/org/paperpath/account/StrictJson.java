package org.paperpath.account;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a JSON object into a request record outside Spring's binding: every POST, PUT and PATCH body
 * of the API and each NDJSON line of an import. Unknown fields are refused rather than ignored (an
 * operator's misspelt setting must not be lost silently), and the record's constraints are checked.
 */
final class StrictJson {

    /**
     * No coercion between JSON types: {@code 123} is not the string "123", {@code "5"} not the number
     * 5, {@code 1} not {@code true}, {@code 1.5} not the integer 1, {@code ""} not null. (A number
     * for a timestamp is still read as seconds since the epoch: Jackson's Instant reader allows it.)
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.DateTime, config -> config
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfigDefaults(config -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();
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
            throw problem(e);
        }
        Optional<ConstraintViolation<T>> violation = VALIDATION.getValidator().validate(values).stream().findFirst();
        if (violation.isPresent()) {
            throw new InvalidInputException(violation.get().getPropertyPath().toString(), violation.get().getMessage());
        }
        return values;
    }

    /**
     * What a Jackson failure says about the request, naming the field by its path ({@code access.pop3},
     * {@code forwardTo[2]}) and never echoing the value, which may be a password.
     */
    static InvalidInputException problem(JacksonException e) {
        String field = path(e.getPath());
        if (field.isEmpty()) {
            return new InvalidInputException("body", e instanceof StreamReadException ? "is not valid JSON"
                    : "must be a JSON object of the documented fields");
        }
        if (e instanceof PropertyBindingException) {
            return new InvalidInputException(field, "cannot be set here");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new InvalidInputException(field, "must be " + describe(mismatch.getTargetType()));
        }
        return new InvalidInputException(field, "has the wrong type");
    }

    /** {@code a.b[2].c} from Jackson's path; empty for the root. */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == Instant.class) {
            return "an RFC 3339 timestamp such as 2030-01-31T12:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
