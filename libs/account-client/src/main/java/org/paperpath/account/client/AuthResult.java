package org.paperpath.account.client;

/** The outcome of one authentication. */
public sealed interface AuthResult {

    /** The credentials are good; {@code mailbox} is the directory key {@code local@domain}. */
    record Authenticated(String mailbox, String domain, String localPart) implements AuthResult {
    }

    /** The credentials are wrong, the mailbox is disabled, or the service is not allowed. */
    record Rejected(String reason) implements AuthResult {
    }

    /** account-service could not be asked; the client should hear a temporary error. */
    record Unavailable(String reason) implements AuthResult {
    }
}
