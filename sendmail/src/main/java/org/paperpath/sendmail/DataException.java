package org.paperpath.sendmail;

/** The message cannot be sent as it is (exit status 65), e.g. {@code -t} found no recipient. */
final class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    DataException(String message) {
        super(message);
    }
}
