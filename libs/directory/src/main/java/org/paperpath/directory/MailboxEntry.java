package org.paperpath.directory;

import java.util.List;
import org.paperpath.model.event.DirectoryEvent.Autoresponder;

/**
 * A mailbox as the directory knows it. {@code address} is the lower-case key {@code local@domain};
 * each limit is null when the mailbox has none.
 *
 * @param forwardTo where every message is forwarded; empty for none
 * @param keepCopy with forwarding, whether this mailbox keeps a copy too
 * @param autoresponder the vacation reply, or null
 * @param id this incarnation of the mailbox (new when an address is deleted and created again), or
 *     null when the directory did not publish one
 */
public record MailboxEntry(String address, String domain, String localPart, boolean enabled, Long quotaBytes,
        Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, List<String> forwardTo, boolean keepCopy,
        Autoresponder autoresponder, String id) {

    public MailboxEntry {
        forwardTo = forwardTo == null ? List.of() : List.copyOf(forwardTo);
    }

    /** A mailbox without an incarnation id. */
    public MailboxEntry(String address, String domain, String localPart, boolean enabled, Long quotaBytes,
            Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, List<String> forwardTo, boolean keepCopy,
            Autoresponder autoresponder) {
        this(address, domain, localPart, enabled, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes, forwardTo,
                keepCopy, autoresponder, null);
    }

    /** A mailbox with limits, without forwarding or autoresponder. */
    public MailboxEntry(String address, String domain, String localPart, boolean enabled, Long quotaBytes,
            Long softQuotaBytes, Long maxMessages, Long maxMessageBytes) {
        this(address, domain, localPart, enabled, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes, List.of(),
                true, null);
    }

    /** A mailbox without limits. */
    public MailboxEntry(String address, String domain, String localPart, boolean enabled) {
        this(address, domain, localPart, enabled, null, null, null, null);
    }

    /** True if mail for this mailbox goes elsewhere (and, unless {@link #keepCopy}, only there). */
    public boolean forwards() {
        return !forwardTo.isEmpty();
    }
}
