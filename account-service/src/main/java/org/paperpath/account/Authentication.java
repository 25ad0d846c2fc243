package org.paperpath.account;

/** The outcome of checking one mailbox user's credentials. */
sealed interface Authentication {

    record Authenticated(String mailbox, String domain, String localPart) implements Authentication {
    }

    /**
     * {@code reason} is for logs and metrics only; the caller never learns which check failed.
     * {@code guess} is true when the credentials themselves were wrong (what throttling counts), false
     * when the right password met a disabled, expired or unauthorised mailbox, or a throttled key.
     */
    record Rejected(String reason, boolean guess) implements Authentication {
    }
}
