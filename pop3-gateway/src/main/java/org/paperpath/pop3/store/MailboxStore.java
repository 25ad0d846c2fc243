package org.paperpath.pop3.store;

import java.io.IOException;

/**
 * The port through which POP3 reaches stored mail. Call order per session: {@link #open} once after
 * a successful login, then {@link Mailbox#list()} once (the snapshot of RFC 1939 section 4), then any
 * number of {@link Mailbox#open} calls, then {@link Mailbox#delete} for each message marked deleted,
 * only when the client sent QUIT.
 */
public interface MailboxStore {

    /**
     * Opens the INBOX of a mailbox that the authenticator vouched for.
     *
     * @throws IOException if the mailbox cannot be reached or its name is not a valid path
     */
    Mailbox open(String domain, String localPart) throws IOException;

    /**
     * Opens the INBOX of incarnation {@code mailboxId} of a mailbox that the authenticator vouched for
     * (the id account-service told at login; null if it told none): a store that keeps mail beyond a
     * mailbox's deletion must not show a deleted mailbox's mail to a new one of the same address. By
     * default the id is not checked.
     *
     * @throws IOException if the mailbox cannot be reached or its name is not a valid path
     */
    default Mailbox open(String domain, String localPart, String mailboxId) throws IOException {
        return open(domain, localPart);
    }
}
