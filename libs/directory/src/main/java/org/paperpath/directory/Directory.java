package org.paperpath.directory;

import java.util.Optional;

/**
 * A service's local view of the directory (domains, mailboxes and aliases, never secrets), fed by
 * the compacted directory topic. Lookups are in memory: RCPT checks and routing need no network
 * hop, and keep working while account-service is down.
 *
 * <p>Until {@link #isCaughtUp()} is true the view may be missing entries, so a caller must not
 * answer "unknown user" from it before then: it should answer a temporary failure instead.
 */
public interface Directory {

    /** The separator of extension addresses: {@code alice+lists@example.test} reaches {@code alice}. */
    char EXTENSION_SEPARATOR = '+';

    /** True once everything published before this view started has been read. */
    boolean isCaughtUp();

    /**
     * True if {@code domain} (lower case) is a domain we receive mail for and it is enabled; an
     * alias domain counts.
     */
    boolean isLocalDomain(String domain);

    /** The mailbox with directory key {@code local@domain} (lower case), if it exists; no rewriting. */
    Optional<MailboxEntry> mailbox(String address);

    /**
     * Resolves {@code address} ({@code local@domain}, lower case) in this order: an alias domain is
     * replaced by its target; then an exact mailbox, then an exact alias; then, for
     * {@code local+ext}, the mailbox or alias {@code local}; then the domain's catch-all; else
     * unknown. A domain that is not ours is {@link Recipient.Remote}; every address of a domain of
     * ours that is disabled is {@link Recipient.Unknown} (it is never relayed: its MX is us).
     */
    Recipient resolve(String address);
}
