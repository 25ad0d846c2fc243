package org.paperpath.maildir;

/** What {@link FolderMessages} did with one message. */
public sealed interface TransferOutcome {

    /** The message is now in the destination folder (in new/ or cur/) under {@code fileName}. */
    record Done(String fileName) implements TransferOutcome {
    }

    /** No file with that base name exists in the source folder (expunged meanwhile). */
    record Gone(String baseName) implements TransferOutcome {
    }

    /** The source or destination folder does not exist. */
    record NoSuchFolder(FolderName folder) implements TransferOutcome {
    }
}
