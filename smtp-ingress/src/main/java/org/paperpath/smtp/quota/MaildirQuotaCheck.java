package org.paperpath.smtp.quota;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.maildir.InvalidMailboxPathException;
import org.paperpath.maildir.MailboxHome;
import org.paperpath.maildir.MailboxPaths;
import org.paperpath.maildir.MaildirSize;
import org.paperpath.maildir.QuotaUsage;
import org.paperpath.smtp.protocol.MailboxQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MailboxQuota} from the mailbox's Maildir++ {@code maildirsize} on the shared volume, against
 * the hard limits the directory publishes (bytes and message count). Only reads: a recalculation
 * scans the whole Maildir and is delivery's job, so a missing or malformed file, a mailbox without
 * limits, or a read error all mean "not full" and delivery decides.
 *
 * <p>A Maildir that belongs to another incarnation of the mailbox ({@link MailboxHome#belongsTo}: its
 * marker holds another id) is a deleted mailbox's, which delivery will move aside; its usage is not the
 * new mailbox's, so it counts as unknown and the recipient is accepted. Nothing is ever moved here.
 */
public final class MaildirQuotaCheck implements MailboxQuota {

    private static final Logger log = LoggerFactory.getLogger(MaildirQuotaCheck.class);

    private final Path mailRoot;

    /** @param mailRoot {@code <paperpath.data-dir>/mail}, where {@code <domain>/<local part>} Maildirs live */
    public MaildirQuotaCheck(Path mailRoot) {
        this.mailRoot = mailRoot;
    }

    @Override
    public boolean isFull(MailboxEntry mailbox, long declaredSize) {
        long bytes = limit(mailbox.quotaBytes());
        long messages = limit(mailbox.maxMessages());
        if (bytes == 0 && messages == 0) {
            return false;
        }
        Optional<QuotaUsage> usage = usage(mailbox);
        if (usage.isEmpty()) {
            return false;
        }
        long incoming = Math.max(declaredSize, 1);
        return bytes > 0 && usage.get().bytes() + incoming > bytes
                || messages > 0 && usage.get().messages() + 1 > messages;
    }

    private Optional<QuotaUsage> usage(MailboxEntry mailbox) {
        try {
            Path root = MailboxPaths.resolve(mailRoot, mailbox.domain(), mailbox.localPart());
            if (MailboxHome.belongsTo(root, mailbox.id()) == MailboxHome.Belonging.NO) {
                log.debug("no quota usage for {}: its Maildir is a deleted incarnation's", mailbox.address());
                return Optional.empty();
            }
            // Host name and clock matter only to writers; read() touches neither.
            return new MaildirSize(root, "", Clock.systemUTC(), false).read().map(MaildirSize.Snapshot::usage);
        } catch (IOException | InvalidMailboxPathException e) {
            log.debug("no quota usage for {}: {}", mailbox.address(), e.toString());
            return Optional.empty();
        }
    }

    /** A directory limit, 0 for none. */
    private static long limit(Long value) {
        return value == null || value <= 0 ? 0 : value;
    }
}
