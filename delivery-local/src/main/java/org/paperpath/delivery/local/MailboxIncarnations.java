package org.paperpath.delivery.local;

import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;

/**
 * The incarnation id of a mailbox by its directory key {@code local@domain}, which libs/maildir's
 * {@code MailboxHome} checks against the Maildir's marker so that a mailbox created again never
 * receives into (or reads) a deleted one's Maildir.
 */
public interface MailboxIncarnations {

    /** No ids: every Maildir is used unchecked, as before ids were published (tests, callers without a directory). */
    MailboxIncarnations NONE = mailbox -> null;

    /** The mailbox's id, or null if the directory does not know the mailbox or published no id for it. */
    String idOf(String mailbox);

    /** The ids account-service publishes on the directory topic. */
    static MailboxIncarnations of(Directory directory) {
        return mailbox -> directory.mailbox(mailbox).map(MailboxEntry::id).orElse(null);
    }
}
