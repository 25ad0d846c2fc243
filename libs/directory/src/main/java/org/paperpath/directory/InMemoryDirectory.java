package org.paperpath.directory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.paperpath.model.event.DirectoryEvent;

/**
 * The directory state itself: directory events applied in topic order. {@link KafkaDirectoryView}
 * feeds one from the topic; tests feed one by hand.
 */
public class InMemoryDirectory implements Directory {

    private final Map<String, DirectoryEvent.DomainUpserted> domains = new ConcurrentHashMap<>();
    private final Map<String, MailboxEntry> mailboxes = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** Applies one record of the directory topic; {@code event == null} is a tombstone for {@code key}. */
    public void apply(String key, DirectoryEvent event) {
        if (event == null) {
            if (key.startsWith("domain:")) {
                domains.remove(key.substring("domain:".length()));
            } else if (key.startsWith("mailbox:")) {
                mailboxes.remove(key.substring("mailbox:".length()));
            }
            return;
        }
        if (event instanceof DirectoryEvent.DomainUpserted domain) {
            domains.put(domain.name(), domain);
        } else if (event instanceof DirectoryEvent.MailboxUpserted mailbox) {
            mailboxes.put(mailbox.address(),
                    new MailboxEntry(mailbox.address(), mailbox.domain(), mailbox.localPart(), mailbox.enabled(),
                            mailbox.quotaBytes(), mailbox.softQuotaBytes(), mailbox.maxMessages(),
                            mailbox.maxMessageBytes()));
        }
    }

    public void markCaughtUp() {
        caughtUp = true;
    }

    @Override
    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public boolean isLocalDomain(String domain) {
        DirectoryEvent.DomainUpserted entry = domains.get(domain);
        return entry != null && entry.enabled();
    }

    @Override
    public Optional<MailboxEntry> mailbox(String address) {
        return Optional.ofNullable(mailboxes.get(address));
    }
}
