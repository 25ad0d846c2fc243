package org.paperpath.maildir;

/** What {@link Maildir#deliver(String, java.io.InputStream, QuotaPolicy)} did; a refusal leaves nothing behind. */
public sealed interface QuotaOutcome {

    /** The message is in the Maildir: written now, or by an earlier attempt with the same key. */
    record Delivered(DeliveryOutcome delivery) implements QuotaOutcome {
    }

    /**
     * The mailbox has no room for the message (a temporary condition: it may be emptied).
     *
     * @param reason which limit, for the log and the delivery result
     * @param usage the usage the decision was taken on
     */
    record OverQuota(String reason, QuotaUsage usage) implements QuotaOutcome {
    }

    /** The message alone exceeds the per-message size limit (permanent). */
    record TooBig(long size, long limit) implements QuotaOutcome {
    }
}
