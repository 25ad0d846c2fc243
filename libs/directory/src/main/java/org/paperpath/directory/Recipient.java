package org.paperpath.directory;

import java.util.List;

/**
 * What the directory says about one recipient address, after alias domains, {@code +extension}
 * addresses and the domain's catch-all were applied ({@link Directory#resolve}). smtp-ingress uses
 * it to answer RCPT, queue-service to route.
 */
public sealed interface Recipient {

    /**
     * A mailbox of ours; it may be disabled (the caller answers {@code 550 5.2.1}) and may forward
     * ({@link MailboxEntry#forwards()}).
     */
    record Mailbox(MailboxEntry entry) implements Recipient {
    }

    /**
     * An alias, a list, or a domain's catch-all: mail for {@code address} goes to each of
     * {@code targets} instead. Targets are full addresses, local or remote, not yet resolved
     * themselves: a router resolves each in turn and bounds the depth.
     *
     * @param catchAll true if this came from the domain's catch-all rather than an alias entry
     */
    record Alias(String address, List<String> targets, boolean catchAll) implements Recipient {
        public Alias {
            targets = List.copyOf(targets);
        }
    }

    /** An address of a local domain that is neither a mailbox nor an alias, and no catch-all took it. */
    record Unknown(String address) implements Recipient {
    }

    /** Not one of our (enabled) domains: mail for it is relayed. */
    record Remote(String domain) implements Recipient {
    }
}
