package org.paperpath.delivery.local.autoreply;

import java.util.Locale;

/** Why no vacation reply was sent for a delivery; the tag of {@code paperpath.delivery.local.autoreplies}. */
public enum Suppression {
    /** The mailbox has no autoresponder, or it is outside its from/until window. */
    INACTIVE,
    /** The envelope sender is null ({@code <>}): a bounce or another automatic message (RFC 3834 section 2). */
    NULL_SENDER,
    /** The envelope sender is not an address a reply could go to. */
    INVALID_SENDER,
    /** The sender is a mailer daemon, postmaster, list or no-reply address, or the mailbox itself. */
    DAEMON_SENDER,
    /** {@code Auto-Submitted:} other than {@code no} (RFC 3834 section 2). */
    AUTO_SUBMITTED,
    /** {@code Precedence: bulk}, {@code list} or {@code junk}. */
    PRECEDENCE,
    /** A mailing-list message: {@code List-Id}, {@code List-Unsubscribe} or {@code List-Post} (RFC 2369, RFC 2919). */
    LIST,
    /** Microsoft's {@code X-Auto-Response-Suppress} asks for no out-of-office reply. */
    SUPPRESS_REQUESTED,
    /** Neither the mailbox's address nor one of its aliases is in To, Cc, Bcc or a Resent- field (RFC 3834 section 2). */
    NOT_ADDRESSED,
    /** This sender got a reply from this mailbox within the interval. */
    RECENTLY_REPLIED,
    /** The spooled body is gone (the message went final before a retry). */
    BODY_GONE;

    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
