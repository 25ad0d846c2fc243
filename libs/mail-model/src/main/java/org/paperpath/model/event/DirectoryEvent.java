package org.paperpath.model.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A change to the directory, published by account-service on the compacted directory topic. Never
 * carries a secret. A deletion is a tombstone (a null value) on the entry's key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DirectoryEvent.DomainUpserted.class, name = "domain"),
        @JsonSubTypes.Type(value = DirectoryEvent.MailboxUpserted.class, name = "mailbox") })
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

    /** A domain we receive mail for. */
    record DomainUpserted(int v, String name, boolean enabled) implements DirectoryEvent {
        @Override
        public String key() {
            return domainKey(name);
        }
    }

    /**
     * A mailbox. The limits came later: records without them (and writers that do not know them)
     * are still valid, and each is left out of the JSON when absent.
     *
     * @param address the directory key, {@code local@domain} in lower case
     * @param quotaBytes the Maildir++ quota in octets, or null for none
     * @param softQuotaBytes vmailmgr's soft quota in octets, or null for none
     * @param maxMessages the message-count limit, or null for none
     * @param maxMessageBytes the per-message size limit in octets, or null for none
     */
    record MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long quotaBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long softQuotaBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long maxMessages,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long maxMessageBytes) implements DirectoryEvent {

        @JsonCreator
        public MailboxUpserted {
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
}
