package org.paperpath.maildir;

import java.util.List;

/** What a {@link UidScanner#scan} produced. */
public sealed interface ScanOutcome {

    /**
     * The folder's messages in ascending UID order.
     *
     * @param nextUid the UID the next new message will get (IMAP UIDNEXT)
     */
    record Scanned(long uidValidity, long nextUid, List<UidMessage> messages) implements ScanOutcome {

        public Scanned {
            messages = List.copyOf(messages);
        }
    }

    /** Another node held the folder's {@code dovecot-uidlist.lock} for the whole timeout. */
    record LockTimedOut(String holder) implements ScanOutcome {
    }
}
