package org.paperpath.account.client;

import java.time.Duration;

/**
 * The outcome of one authentication: {@link Authenticated}, {@link Rejected} (wrong credentials, or
 * a mailbox that may not log in here), {@link Throttled} (too many failures; the password was not
 * checked) or {@link Unavailable} (account-service could not answer). Only a rejection may be told
 * to the client as "invalid credentials"; throttled and unavailable are temporary errors.
 */
public sealed interface AuthResult {

    /**
     * The credentials are good; {@code mailbox} is the directory key {@code local@domain}.
     *
     * @param services every login service the mailbox may use (account-service already refused the
     *     login if the one asked for is not among them)
     * @param mailboxId the mailbox's incarnation id (new when the address is deleted and created again;
     *     a gateway gives it to libs/maildir's {@code MailboxHome} so a new mailbox never sees a deleted
     *     one's mail), or null from an account-service that does not send it
     */
    record Authenticated(String mailbox, String domain, String localPart, Services services, String mailboxId)
            implements AuthResult {

        public Authenticated {
            services = services == null ? Services.ALL : services;
        }

        /** An answer without an incarnation id, as account-service gave before it told one. */
        public Authenticated(String mailbox, String domain, String localPart, Services services) {
            this(mailbox, domain, localPart, services, null);
        }

        /** An answer without services, as account-service gave before it told them: all allowed. */
        public Authenticated(String mailbox, String domain, String localPart) {
            this(mailbox, domain, localPart, Services.ALL);
        }
    }

    /** The login services a mailbox may use; {@code smtp} is submission with SMTP AUTH. */
    record Services(boolean imap, boolean pop3, boolean smtp) {

        public static final Services ALL = new Services(true, true, true);

        /** Whether {@code service} ({@code imap}, {@code pop3}, {@code smtp} or {@code submission}) is allowed. */
        public boolean allows(String service) {
            if ("imap".equals(service)) {
                return imap;
            }
            if ("pop3".equals(service)) {
                return pop3;
            }
            return ("smtp".equals(service) || "submission".equals(service)) && smtp;
        }
    }

    /**
     * The credentials are wrong, the mailbox is disabled, or the service is not allowed.
     *
     * @param delay how long the caller should hold the refusal back before telling the client, so that
     *     each guess costs more time than the last (account-service grows it per failure of the account
     *     and of the client's address); {@link Duration#ZERO} when none. A caller applies it without
     *     blocking a thread that serves other connections (an event loop schedules the reply).
     */
    record Rejected(String reason, Duration delay) implements AuthResult {

        public Rejected {
            delay = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        }

        /** A rejection to be told at once. */
        public Rejected(String reason) {
            this(reason, Duration.ZERO);
        }
    }

    /**
     * The account or the client's address failed too often; account-service refused the attempt
     * without checking the password, so nothing is known about it. The client hears a temporary error
     * at once (POP3 {@code -ERR [SYS/TEMP]}, SMTP {@code 454 4.7.0}, HTTP 429), never "invalid
     * credentials": a user typing the right password while a guesser holds the account throttled must
     * not be told it is wrong.
     *
     * @param retryAfter when an attempt may be checked again (at least one second)
     */
    record Throttled(Duration retryAfter) implements AuthResult {

        public Throttled {
            retryAfter = retryAfter == null || retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : retryAfter;
        }
    }

    /** account-service could not be asked; the client should hear a temporary error. */
    record Unavailable(String reason) implements AuthResult {
    }
}
