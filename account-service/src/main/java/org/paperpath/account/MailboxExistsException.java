package org.paperpath.account;

/** A mailbox of that name exists already (HTTP 409); a bulk import counts it as "exists", not as a failure. */
final class MailboxExistsException extends AccountConflictException {

    MailboxExistsException(String address) {
        super("localPart", "mailbox " + address + " exists");
    }
}
