package org.paperpath.maildir;

/** What a mailbox holds as {@code maildirsize} counts it: octets on disk (the {@code S=} sizes) and messages. */
public record QuotaUsage(long bytes, long messages) {

    public static final QuotaUsage EMPTY = new QuotaUsage(0, 0);

    public QuotaUsage plus(long moreBytes, long moreMessages) {
        return new QuotaUsage(bytes + moreBytes, messages + moreMessages);
    }
}
