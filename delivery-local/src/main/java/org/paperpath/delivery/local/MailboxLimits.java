package org.paperpath.delivery.local;

import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.maildir.QuotaPolicy;

/** The limits a mailbox is held to at delivery, by its directory key {@code local@domain}. */
public interface MailboxLimits {

    /** No limits for anyone (tests, and callers without a directory). */
    MailboxLimits NONE = new MailboxLimits() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public QuotaPolicy policyFor(String mailbox) {
            return QuotaPolicy.NONE;
        }
    };

    /** False while the limits are not known yet; a delivery must then wait rather than ignore them. */
    boolean isReady();

    /** The mailbox's policy; a mailbox the directory does not know has no limits. */
    QuotaPolicy policyFor(String mailbox);

    /**
     * The limits account-service publishes on the directory topic.
     *
     * @param smallMessageBytes what still passes a full soft quota
     * @param countTrash whether {@code .Trash} counts against the quota
     */
    static MailboxLimits of(Directory directory, long smallMessageBytes, boolean countTrash) {
        return new MailboxLimits() {
            @Override
            public boolean isReady() {
                return directory.isCaughtUp();
            }

            @Override
            public QuotaPolicy policyFor(String mailbox) {
                return directory.mailbox(mailbox)
                        .map(MailboxLimits::policy)
                        .orElse(QuotaPolicy.NONE)
                        .withSmallMessageBytes(smallMessageBytes)
                        .withTrashCounted(countTrash);
            }
        };
    }

    private static QuotaPolicy policy(MailboxEntry entry) {
        return QuotaPolicy.of(entry.quotaBytes(), entry.maxMessages(), entry.softQuotaBytes(), entry.maxMessageBytes());
    }
}
