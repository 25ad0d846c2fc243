package org.paperpath.maildir;

/** What a {@link FolderStore} change did; IMAP maps these to OK, NO [ALREADYEXISTS], NO [NONEXISTENT] (RFC 5530). */
public sealed interface FolderOutcome {

    record Done(FolderName name) implements FolderOutcome {
    }

    record AlreadyExists(FolderName name) implements FolderOutcome {
    }

    record NotFound(FolderName name) implements FolderOutcome {
    }

    /**
     * Not allowed for this name (INBOX, a folder into its own subtree, a name too long on disk, a
     * name a client may not create, something that is not a folder in the way).
     */
    record Refused(FolderName name, String reason) implements FolderOutcome {
    }
}
