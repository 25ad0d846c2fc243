package org.paperpath.maildir;

/** A folder name that cannot be stored safely; the message names the reason (DESIGN.md invariant 5). */
public final class InvalidFolderNameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidFolderNameException(String message) {
        super(message);
    }
}
