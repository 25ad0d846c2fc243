package org.paperpath.maildir;

/**
 * The limits one mailbox is held to at delivery (DESIGN.md, "quota"). Zero means "no limit" for
 * every field, as in Courier's and Dovecot's Maildir++ quota.
 *
 * @param bytes the Maildir++ hard quota, the {@code S} of the {@code maildirsize} limits line
 * @param messages the Maildir++ message-count limit, the {@code C} of the limits line
 * @param softBytes vmailmgr's soft quota: a delivery that would take the mailbox past it is accepted
 *     only if the message is smaller than {@code smallMessageBytes}, and the owner is warned once
 * @param smallMessageBytes what still gets through over the soft quota (vmailmgr's default is 2 KiB)
 * @param maxMessageBytes vmailmgr's per-message size limit
 * @param countTrash false (the default) leaves {@code .Trash} out of the usage, as Courier does
 */
public record QuotaPolicy(long bytes, long messages, long softBytes, long smallMessageBytes, long maxMessageBytes,
        boolean countTrash) {

    /** vmailmgr's threshold below which messages pass a full soft quota. */
    public static final long DEFAULT_SMALL_MESSAGE_BYTES = 2048;

    /** No limits at all; {@code maildirsize} is still kept up to date. */
    public static final QuotaPolicy NONE = new QuotaPolicy(0, 0, 0, DEFAULT_SMALL_MESSAGE_BYTES, 0, false);

    public QuotaPolicy {
        if (bytes < 0 || messages < 0 || softBytes < 0 || smallMessageBytes < 0 || maxMessageBytes < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
    }

    /** Limits as nullable values from the directory (null is no limit), Trash not counted, 2 KiB small messages. */
    public static QuotaPolicy of(Long bytes, Long messages, Long softBytes, Long maxMessageBytes) {
        return new QuotaPolicy(orZero(bytes), orZero(messages), orZero(softBytes), DEFAULT_SMALL_MESSAGE_BYTES,
                orZero(maxMessageBytes), false);
    }

    public QuotaPolicy withSmallMessageBytes(long small) {
        return new QuotaPolicy(bytes, messages, softBytes, small, maxMessageBytes, countTrash);
    }

    public QuotaPolicy withTrashCounted(boolean counted) {
        return new QuotaPolicy(bytes, messages, softBytes, smallMessageBytes, maxMessageBytes, counted);
    }

    /**
     * The first line of {@code maildirsize}: {@code <bytes>S,<count>C}, each part left out when it
     * is not limited (an empty line for no limits, as Dovecot writes it).
     */
    public String limitsLine() {
        StringBuilder line = new StringBuilder();
        if (bytes > 0) {
            line.append(bytes).append('S');
        }
        if (messages > 0) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(messages).append('C');
        }
        return line.toString();
    }

    private static long orZero(Long value) {
        return value == null || value < 0 ? 0 : value;
    }
}
