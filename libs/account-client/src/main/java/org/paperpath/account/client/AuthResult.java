package org.paperpath.account.client;

/** The outcome of one authentication. */
public sealed interface AuthResult {

    /**
     * The credentials are good; {@code mailbox} is the directory key {@code local@domain}.
     *
     * @param services every login service the mailbox may use (account-service already refused the
     *     login if the one asked for is not among them)
     */
    record Authenticated(String mailbox, String domain, String localPart, Services services) implements AuthResult {

        public Authenticated {
            services = services == null ? Services.ALL : services;
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

    /** The credentials are wrong, the mailbox is disabled, or the service is not allowed. */
    record Rejected(String reason) implements AuthResult {
    }

    /** account-service could not be asked; the client should hear a temporary error. */
    record Unavailable(String reason) implements AuthResult {
    }
}
