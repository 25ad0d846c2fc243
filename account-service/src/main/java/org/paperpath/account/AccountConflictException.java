package org.paperpath.account;

/** The change conflicts with what is stored: the name exists, or the domain is not empty (HTTP 409). */
class AccountConflictException extends RuntimeException {

    private final String field;

    AccountConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
