package org.paperpath.model.event;

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
     * A mailbox.
     *
     * @param address the directory key, {@code local@domain} in lower case
     */
    record MailboxUpserted(int v, String address, String domain, String localPart, boolean enabled)
            implements DirectoryEvent {
        @Override
        public String key() {
            return mailboxKey(address);
        }
    }
}
