package org.paperpath.account;

/** The mailbox of a request does not exist (HTTP 404). */
final class UnknownMailboxException extends RuntimeException {

    UnknownMailboxException(String address) {
        super("unknown mailbox " + address);
    }
}
