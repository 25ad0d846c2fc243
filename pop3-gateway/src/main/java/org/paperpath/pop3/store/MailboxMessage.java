package org.paperpath.pop3.store;

/**
 * One message of a mailbox snapshot.
 *
 * @param uid the unique-id listing of RFC 1939 section 7: stable across sessions and flag changes
 * @param size the size in octets with CRLF line ends, as a client receives it (before dot-stuffing)
 */
public record MailboxMessage(String uid, long size) {
}
