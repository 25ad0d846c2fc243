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

    /**
     * Another attempt with the same delivery key is under way (or crashed moments ago): nothing was
     * written; a temporary failure. See {@link DeliveryOutcome.InProgress}.
     *
     * @param marker the in-progress marker, {@code new/.paperpath-<sha-256 of key>}
     */
    record InProgress(String marker) implements QuotaOutcome {
    }

    /** The message alone exceeds the per-message size limit (permanent). */
    record TooBig(long size, long limit) implements QuotaOutcome {
    }
}
