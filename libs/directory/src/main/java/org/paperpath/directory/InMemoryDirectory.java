package org.paperpath.directory;

import java.util.List;
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
    private final Map<String, DirectoryEvent.AliasUpserted> aliases = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** Applies one record of the directory topic; {@code event == null} is a tombstone for {@code key}. */
    public void apply(String key, DirectoryEvent event) {
        if (event == null) {
            remove(key);
            return;
        }
        if (event instanceof DirectoryEvent.DomainUpserted domain) {
            domains.put(domain.name(), domain);
        } else if (event instanceof DirectoryEvent.MailboxUpserted mailbox) {
            mailboxes.put(mailbox.address(),
                    new MailboxEntry(mailbox.address(), mailbox.domain(), mailbox.localPart(), mailbox.enabled(),
                            mailbox.quotaBytes(), mailbox.softQuotaBytes(), mailbox.maxMessages(),
                            mailbox.maxMessageBytes(), mailbox.forwardTo(),
                            mailbox.keepCopy() == null || mailbox.keepCopy(), mailbox.autoresponder(), mailbox.id()));
        } else if (event instanceof DirectoryEvent.AliasUpserted alias) {
            aliases.put(alias.address(), alias);
        }
    }

    private void remove(String key) {
        if (key.startsWith("domain:")) {
            domains.remove(key.substring("domain:".length()));
        } else if (key.startsWith("mailbox:")) {
            mailboxes.remove(key.substring("mailbox:".length()));
        } else if (key.startsWith("alias:")) {
            aliases.remove(key.substring("alias:".length()));
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
        return enabledDomain(domain) != null;
    }

    @Override
    public Optional<MailboxEntry> mailbox(String address) {
        return Optional.ofNullable(mailboxes.get(address));
    }

    @Override
    public Recipient resolve(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return new Recipient.Unknown(address);
        }
        String localPart = address.substring(0, at);
        String domainName = address.substring(at + 1);
        DirectoryEvent.DomainUpserted domain = enabledDomain(domainName);
        if (domain == null) {
            // A domain of ours that is disabled takes no mail, and must never be relayed: its MX is us.
            return domains.containsKey(domainName) ? new Recipient.Unknown(address) : new Recipient.Remote(domainName);
        }
        if (domain.aliasFor() != null) {
            domain = enabledDomain(domain.aliasFor());
            if (domain == null || domain.aliasFor() != null) {
                // An alias of a missing, disabled or alias domain: a broken entry, never a relay.
                return new Recipient.Unknown(address);
            }
        }
        Recipient exact = lookup(localPart + "@" + domain.name());
        if (exact != null) {
            return exact;
        }
        int extension = localPart.indexOf(EXTENSION_SEPARATOR);
        if (extension > 0) {
            Recipient base = lookup(localPart.substring(0, extension) + "@" + domain.name());
            if (base != null) {
                return base;
            }
        }
        if (domain.catchAll() != null) {
            return new Recipient.Alias(address, List.of(domain.catchAll()), true);
        }
        return new Recipient.Unknown(address);
    }

    /** The mailbox or alias with this exact key, or null. */
    private Recipient lookup(String key) {
        MailboxEntry mailbox = mailboxes.get(key);
        if (mailbox != null) {
            return new Recipient.Mailbox(mailbox);
        }
        DirectoryEvent.AliasUpserted alias = aliases.get(key);
        if (alias != null) {
            return new Recipient.Alias(key, alias.targets(), false);
        }
        return null;
    }

    private DirectoryEvent.DomainUpserted enabledDomain(String name) {
        DirectoryEvent.DomainUpserted entry = domains.get(name);
        return entry != null && entry.enabled() ? entry : null;
    }
}
