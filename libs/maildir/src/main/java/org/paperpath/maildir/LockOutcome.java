package org.paperpath.maildir;

import java.nio.file.Path;

/** What {@link MaildirLock#acquire} achieved within its timeout. */
public sealed interface LockOutcome {

    /** This process holds the lock until {@code lock} is closed. */
    record Acquired(MaildirLock lock) implements LockOutcome {
    }

    /**
     * Another holder kept a fresh lock for the whole timeout.
     *
     * @param holder the lock file's content ({@code pid:host}) as last read, empty if unreadable
     */
    record TimedOut(Path lockFile, String holder) implements LockOutcome {
    }
}
