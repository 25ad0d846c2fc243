package org.paperpath.account;

/** The domain or mailbox exists already (HTTP 409). */
final class AccountConflictException extends RuntimeException {

    private final String field;

    AccountConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
