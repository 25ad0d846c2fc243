package org.paperpath.account;

/** One input (body field, path segment or query parameter) is not acceptable (HTTP 400). */
final class InvalidInputException extends RuntimeException {

    private final String field;

    InvalidInputException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
