package org.paperpath.smtp.protocol;

/** Replies that several handlers or the session give (RFC 5321 section 4.2.2, RFC 3463 codes). */
public final class SmtpReplies {

    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0 Ok");
    public static final SmtpReply BAD_SEQUENCE_HELO_FIRST = SmtpReply.of(503, "5.5.1 Send EHLO or HELO first");
    public static final SmtpReply UNKNOWN_COMMAND = SmtpReply.of(500, "5.5.2 Command not recognized");
    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2 Line too long");
    public static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0 Too many errors, closing connection");
    public static final SmtpReply IDLE_TIMEOUT = SmtpReply.of(421, "4.4.2 Idle timeout, closing connection");
    public static final SmtpReply SHUTTING_DOWN = SmtpReply.of(421, "4.3.2 Service shutting down");
    public static final SmtpReply START_DATA = SmtpReply.of(354, "End data with <CR><LF>.<CR><LF>");
    public static final SmtpReply MESSAGE_TOO_BIG = SmtpReply.of(552, "5.3.4 Message size exceeds fixed maximum message size");
    public static final SmtpReply TOO_BIG_FOR_RECIPIENTS =
            SmtpReply.of(552, "5.3.4 Message size exceeds the size limit of its recipients");
    public static final SmtpReply NEEDS_SMTPUTF8 = SmtpReply.of(553, "5.6.7 Non-ASCII address needs SMTPUTF8");
    public static final SmtpReply DATA_LINE_TOO_LONG = SmtpReply.of(500, "5.5.2 Message has a line over 1000 octets");
    public static final SmtpReply TOO_MANY_HOPS = SmtpReply.of(554, "5.4.6 Too many hops, mail loop suspected");
    public static final SmtpReply QUEUE_UNAVAILABLE = SmtpReply.of(451, "4.3.0 queue unavailable, try again later");
    public static final SmtpReply LOCAL_ERROR = SmtpReply.of(451, "4.3.0 Local error in processing, try again later");
    public static final SmtpReply INSUFFICIENT_STORAGE = SmtpReply.of(452, "4.3.1 Insufficient system storage");
    public static final SmtpReply READY_FOR_TLS = SmtpReply.of(220, "2.0.0 Ready to start TLS");
    public static final SmtpReply AUTHENTICATED = SmtpReply.of(235, "2.7.0 Authentication successful");
    public static final SmtpReply AUTH_FAILED = SmtpReply.of(535, "5.7.8 Authentication credentials invalid");
    public static final SmtpReply AUTH_UNAVAILABLE = SmtpReply.of(454, "4.7.0 Temporary authentication failure");
    public static final SmtpReply AUTH_THROTTLED =
            SmtpReply.of(454, "4.7.0 Too many authentication failures, try again later");
    public static final SmtpReply AUTH_CANCELLED = SmtpReply.of(501, "5.0.0 Authentication cancelled");
    public static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0 Authentication required");
    /** Never sent: the session answers once the credentials of {@link SessionState.Verifying} are checked. */
    public static final SmtpReply AUTH_PENDING = SmtpReply.of(334, "checking");

    private SmtpReplies() {
    }

    public static SmtpReply greeting(String hostname) {
        return SmtpReply.of(220, hostname + " ESMTP Paperpath");
    }

    public static SmtpReply queued(String queueId) {
        return SmtpReply.of(250, "2.0.0 Ok: queued as " + queueId);
    }
}
