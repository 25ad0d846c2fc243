package org.paperpath.sendmail;

/** A command line this program cannot act on; the message is printed as is, the exit status is 64. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
