package org.paperpath.pop3.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One opened INBOX. Every method may block on disk or NFS: never call it on an event loop. */
public interface Mailbox {

    /** The messages now in the mailbox, oldest first. */
    List<MailboxMessage> list() throws IOException;

    /** The message as stored (LF line ends); the caller closes the stream. */
    InputStream open(MailboxMessage message) throws IOException;

    /**
     * Removes a message.
     *
     * @return true if it was removed, false if it was already gone (another session removed it)
     */
    boolean delete(MailboxMessage message) throws IOException;
}
