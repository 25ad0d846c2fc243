package org.paperpath.directory;

/** A mailbox as the directory knows it. {@code address} is the lower-case key {@code local@domain}. */
public record MailboxEntry(String address, String domain, String localPart, boolean enabled) {
}
