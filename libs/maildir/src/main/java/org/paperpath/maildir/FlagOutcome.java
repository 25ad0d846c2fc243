package org.paperpath.maildir;

/** What {@link FlagUpdater#update} did. */
public sealed interface FlagOutcome {

    /** The file was renamed to {@code fileName} (in cur/). */
    record Changed(String fileName) implements FlagOutcome {
    }

    /** The message already had the requested flags; {@code fileName} is its current name. */
    record Unchanged(String fileName) implements FlagOutcome {
    }

    /** No file with that base name exists any more (expunged). */
    record Gone(String baseName) implements FlagOutcome {
    }
}
