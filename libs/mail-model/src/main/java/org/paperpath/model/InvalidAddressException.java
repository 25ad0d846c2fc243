package org.paperpath.model;

/** An address that is not an RFC 5321 mailbox; the message says why, fit for a protocol reply. */
public final class InvalidAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String message) {
        super(message);
    }
}
