package org.paperpath.account;

import java.time.Duration;

/** The outcome of checking one mailbox user's credentials (see {@link FailureThrottle} for the two kinds of refusal). */
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
     * when the right password met a disabled, expired or unauthorised mailbox. {@code delay}: how long
     * the caller is to hold the refusal back ({@link FailureThrottle#failed}), zero for none.
     */
    record Rejected(String reason, boolean guess, Duration delay) implements Authentication {

        public Rejected {
            delay = delay == null ? Duration.ZERO : delay;
        }

        /** A refusal before the throttle has said how long it is held back. */
        Rejected(String reason, boolean guess) {
            this(reason, guess, Duration.ZERO);
        }
    }

    /**
     * The account or the client's address is locked after too many failures: refused without checking
     * the password. Not a statement about the password, so callers answer a temporary error, never
     * "invalid credentials". {@code retryAfter}: until the lock ends, at least one second.
     */
    record Throttled(Duration retryAfter) implements Authentication {

        /** {@link #retryAfter} rounded up to whole seconds, at least 1 (for {@code Retry-After}). */
        long retryAfterSeconds() {
            long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }
}
