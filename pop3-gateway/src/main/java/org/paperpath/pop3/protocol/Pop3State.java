package org.paperpath.pop3.protocol;

import java.util.Optional;

/**
 * Where a POP3 session stands (RFC 1939 section 3). Data that exists in one state only lives in that
 * state's record.
 */
public sealed interface Pop3State {

    /**
     * Before login.
     *
     * @param user the name given by USER, empty until then and after a failed PASS
     * @param failures failed PASS commands so far in this session
     */
    record Authorization(Optional<String> user, int failures) implements Pop3State {
        public static Authorization initial() {
            return new Authorization(Optional.empty(), 0);
        }
    }

    /** Logged in; {@code mailbox} is the directory key {@code local@domain}. */
    record Transaction(String mailbox, Maildrop maildrop) implements Pop3State {
    }

    /** QUIT in TRANSACTION applied the deletions; the connection closes after the reply. */
    record Update(String mailbox, int deleted, int notRemoved) implements Pop3State {
    }

    /** The session ended without UPDATE (QUIT before login, too many failed logins). */
    record Closed(String reason) implements Pop3State {
    }
}
