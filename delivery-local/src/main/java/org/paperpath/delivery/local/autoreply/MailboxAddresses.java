package org.paperpath.delivery.local.autoreply;

import java.util.Locale;
import java.util.function.Predicate;
import org.paperpath.directory.Directory;
import org.paperpath.directory.Recipient;
import org.paperpath.model.event.LocalDelivery;

/**
 * The addresses that count as "this mailbox" for RFC 3834 section 2's To/Cc check: the mailbox's own
 * address, the address the delivery came to, any address the directory resolves to this mailbox (a
 * {@code +extension}, the same name in an alias domain), and a personal alias (an alias entry with
 * exactly one target, which resolves to this mailbox). A group alias (several targets) and the
 * domain's catch-all do not count: mail to a group is not personal mail.
 */
final class MailboxAddresses {

    private MailboxAddresses() {
    }

    static Predicate<String> of(LocalDelivery delivery, Directory directory) {
        String mailbox = delivery.mailbox().toLowerCase(Locale.ROOT);
        String recipient = delivery.recipient() == null ? "" : delivery.recipient().toLowerCase(Locale.ROOT);
        return address -> address.equals(mailbox) || address.equals(recipient)
                || isMailbox(directory.resolve(address), mailbox) || isPersonalAlias(directory, address, mailbox);
    }

    private static boolean isMailbox(Recipient resolved, String mailbox) {
        return resolved instanceof Recipient.Mailbox m && m.entry().address().equals(mailbox);
    }

    private static boolean isPersonalAlias(Directory directory, String address, String mailbox) {
        Recipient resolved = directory.resolve(address);
        if (!(resolved instanceof Recipient.Alias alias) || alias.catchAll() || alias.targets().size() != 1) {
            return false;
        }
        return isMailbox(directory.resolve(alias.targets().get(0).toLowerCase(Locale.ROOT)), mailbox);
    }
}
