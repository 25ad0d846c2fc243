package org.paperpath.model.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * A change to the directory, published by account-service on the compacted directory topic. Never
 * carries a secret. A deletion is a tombstone (a null value) on the entry's key.
 *
 * <p>Fields were added over time without a version bump: each later field is optional, left out of
 * the JSON when absent, and a record without it means what it meant before the field existed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DirectoryEvent.DomainUpserted.class, name = "domain"),
        @JsonSubTypes.Type(value = DirectoryEvent.MailboxUpserted.class, name = "mailbox"),
        @JsonSubTypes.Type(value = DirectoryEvent.AliasUpserted.class, name = "alias") })
public sealed interface DirectoryEvent extends PaperpathEvent {

    int VERSION = 1;

    /** The compacted-topic key of this entry. */
    String key();

    static String domainKey(String domain) {
        return "domain:" + domain;
    }

    static String mailboxKey(String mailbox) {
        return "mailbox:" + mailbox;
    }

    static String aliasKey(String alias) {
        return "alias:" + alias;
    }

    /**
     * A domain we receive mail for.
     *
     * @param name the domain as an A-label, lower case
     * @param catchAll where mail for an address of this domain that is neither a mailbox nor an alias
     *     goes (a full address, local or remote), or null to refuse it as unknown
     * @param aliasFor for an alias domain, the domain whose mailboxes and aliases it shares
     *     ({@code a@alias.test} is {@code a@target.test}); null for an ordinary domain
     */
    record DomainUpserted(int v, String name, boolean enabled,
            @JsonInclude(JsonInclude.Include.NON_NULL) String catchAll,
            @JsonInclude(JsonInclude.Include.NON_NULL) String aliasFor) implements DirectoryEvent {

        @JsonCreator
        public DomainUpserted {
        }

        /** An ordinary domain without catch-all. */
        public DomainUpserted(int v, String name, boolean enabled) {
            this(v, name, enabled, null, null);
        }

        @Override
        public String key() {
            return domainKey(name);
        }
    }

    /**
     * A mailbox. Each limit and setting is null (and absent from the JSON) when the mailbox has none.
     *
     * @param address the directory key, {@code local@domain} in lower case
     * @param quotaBytes the Maildir++ quota in octets
     * @param softQuotaBytes vmailmgr's soft quota in octets
     * @param maxMessages the message-count limit
     * @param maxMessageBytes the per-message size limit in octets
     * @param forwardTo addresses every message is forwarded to (vmailmgr's forwarding); null or empty
     *     for none
     * @param keepCopy with {@code forwardTo}: whether a copy is also delivered to this mailbox; null
     *     means true
     * @param autoresponder the vacation reply, or null for none
     * @param id this incarnation of the mailbox, fixed at creation: a mailbox deleted and created again
     *     under the same address has a new id, so readers can tell its Maildir from the old one's
     *     ({@code MailboxHome} in libs/maildir); null from writers that predate it
     */
    record MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long quotaBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long softQuotaBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long maxMessages,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long maxMessageBytes,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> forwardTo,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean keepCopy,
            @JsonInclude(JsonInclude.Include.NON_NULL) Autoresponder autoresponder,
            @JsonInclude(JsonInclude.Include.NON_NULL) String id) implements DirectoryEvent {

        @JsonCreator
        public MailboxUpserted {
            forwardTo = forwardTo == null ? List.of() : List.copyOf(forwardTo);
        }

        /** A mailbox without an incarnation id, as before it was published. */
        public MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled,
                Long quotaBytes, Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, List<String> forwardTo,
                Boolean keepCopy, Autoresponder autoresponder) {
            this(v, address, domain, localPart, enabled, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes,
                    forwardTo, keepCopy, autoresponder, null);
        }

        /** A mailbox with limits and nothing else. */
        public MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled,
                Long quotaBytes, Long softQuotaBytes, Long maxMessages, Long maxMessageBytes) {
            this(v, address, domain, localPart, enabled, quotaBytes, softQuotaBytes, maxMessages, maxMessageBytes,
                    List.of(), null, null, null);
        }

        /** A mailbox without limits, as before they were published. */
        public MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled) {
            this(v, address, domain, localPart, enabled, null, null, null, null);
        }

        @Override
        public String key() {
            return mailboxKey(address);
        }
    }

    /**
     * An alias: mail for {@code address} goes to each target instead (a list is an alias with many
     * targets). Targets are full addresses, local or remote; account-service refuses loops at write
     * time, and readers still bound the expansion depth.
     */
    record AliasUpserted(int v, String address, String domain, String localPart, List<String> targets)
            implements DirectoryEvent {

        @JsonCreator
        public AliasUpserted {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        @Override
        public String key() {
            return aliasKey(address);
        }
    }

    /**
     * A vacation reply (qmail-autoresponder's role), sent by delivery-local at most once per sender
     * per {@code intervalSeconds}, and only between {@code from} and {@code until} when they are set.
     */
    record Autoresponder(String subject, String body,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant from,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant until,
            long intervalSeconds) {

        /** True if a reply may be sent at {@code now}. */
        public boolean activeAt(Instant now) {
            return (from == null || !now.isBefore(from)) && (until == null || now.isBefore(until));
        }
    }
}
