package org.paperpath.directory;

/**
 * A mailbox as the directory knows it. {@code address} is the lower-case key {@code local@domain};
 * each limit is null when the mailbox has none.
 */
public record MailboxEntry(String address, String domain, String localPart, boolean enabled, Long quotaBytes,
        Long softQuotaBytes, Long maxMessages, Long maxMessageBytes) {

    /** A mailbox without limits. */
    public MailboxEntry(String address, String domain, String localPart, boolean enabled) {
        this(address, domain, localPart, enabled, null, null, null, null);
    }
}
