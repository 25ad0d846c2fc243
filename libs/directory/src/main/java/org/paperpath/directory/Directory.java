package org.paperpath.directory;

import java.util.Optional;

/**
 * A service's local view of the directory (domains and mailboxes, never secrets), fed by the
 * compacted directory topic. Lookups are in memory: RCPT checks and routing need no network hop,
 * and keep working while account-service is down.
 *
 * <p>Until {@link #isCaughtUp()} is true the view may be missing entries, so a caller must not
 * answer "unknown user" from it before then: it should answer a temporary failure instead.
 */
public interface Directory {

    /** True once everything published before this view started has been read. */
    boolean isCaughtUp();

    /** True if {@code domain} (lower case) is a domain we receive mail for and it is enabled. */
    boolean isLocalDomain(String domain);

    /** The mailbox with directory key {@code local@domain} (lower case), if it exists. */
    Optional<MailboxEntry> mailbox(String address);
}
