package org.paperpath.account;

/** The outcome of checking one mailbox user's credentials. */
sealed interface Authentication {

    record Authenticated(String mailbox, String domain, String localPart) implements Authentication {
    }

    /** {@code reason} is for logs and metrics only; the caller never learns which check failed. */
    record Rejected(String reason) implements Authentication {
    }
}
