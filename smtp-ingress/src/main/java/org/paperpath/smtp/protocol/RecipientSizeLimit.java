package org.paperpath.smtp.protocol;

import org.paperpath.directory.Directory;
import org.paperpath.directory.Recipient;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.Envelope;

/**
 * The largest message some recipient of an envelope takes, from the mailboxes' own size limits
 * (vmailmgr's per-user limit, {@code maxMessageBytes} in the directory). RCPT refuses a declared
 * SIZE over a mailbox's limit; a client that declared none is checked once its content has ended:
 * over the limit of every recipient, the message is refused with {@code 552 5.3.4} and nothing is
 * queued; over only some, it is queued and delivery refuses it for those (SMTP has one reply per
 * message, not per recipient, after the data).
 */
@FunctionalInterface
public interface RecipientSizeLimit {

    /** Octets; {@link Long#MAX_VALUE} when some recipient has no limit of its own. */
    long of(Envelope envelope);

    /** No recipient has a limit: for tests that are not about it. */
    static RecipientSizeLimit none() {
        return envelope -> Long.MAX_VALUE;
    }

    /** The limits the directory holds; aliases, remote and unknown recipients have none. */
    static RecipientSizeLimit from(Directory directory) {
        return envelope -> {
            long largest = 0;
            for (MailAddress recipient : envelope.recipients()) {
                Recipient resolved = directory.resolve(recipient.key());
                Long limit = resolved instanceof Recipient.Mailbox mailbox ? mailbox.entry().maxMessageBytes() : null;
                if (limit == null || limit <= 0) {
                    return Long.MAX_VALUE;
                }
                largest = Math.max(largest, limit);
            }
            return largest;
        };
    }
}
