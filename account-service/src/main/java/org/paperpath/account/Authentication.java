package org.paperpath.account;

/** The outcome of checking one mailbox user's credentials. */
sealed interface Authentication {

    /**
     * {@code services}: every login service the mailbox may use, so a caller can cache one answer for all;
     * {@code mailboxId}: the mailbox's incarnation id (new when the address is deleted and created again).
     */
    record Authenticated(String mailbox, String domain, String localPart, ServiceAccess services, String mailboxId)
            implements Authentication {

        Authenticated(String mailbox, String domain, String localPart, ServiceAccess services) {
            this(mailbox, domain, localPart, services, null);
        }
    }

    /**
     * {@code reason} is for logs and metrics only; the caller never learns which check failed.
     * {@code guess} is true when the credentials themselves were wrong (what throttling counts), false
     * when the right password met a disabled, expired or unauthorised mailbox, or a throttled key.
     */
    record Rejected(String reason, boolean guess) implements Authentication {
    }
}
