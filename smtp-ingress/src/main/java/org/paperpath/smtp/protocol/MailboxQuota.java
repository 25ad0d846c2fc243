package org.paperpath.smtp.protocol;

import org.paperpath.directory.MailboxEntry;

/**
 * Whether a local mailbox is over its hard quota, asked at RCPT so a full mailbox is refused with a
 * temporary failure (RFC 3463 {@code 4.2.2}) before the message is taken, rather than bounced later.
 * A best effort: delivery checks again, and an answer that cannot be had is "not full".
 */
public interface MailboxQuota {

    /** @param declaredSize the MAIL SIZE parameter (RFC 1870), or -1 when the client gave none */
    boolean isFull(MailboxEntry mailbox, long declaredSize);

    /** Never full: for tests that are not about quotas. */
    static MailboxQuota unlimited() {
        return (mailbox, declaredSize) -> false;
    }
}
