package org.paperpath.maildir;

/** A domain or local part that must not become a path component; the message names the reason. */
public final class InvalidMailboxPathException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidMailboxPathException(String message) {
        super(message);
    }
}
