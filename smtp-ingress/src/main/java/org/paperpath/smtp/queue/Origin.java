package org.paperpath.smtp.queue;

import java.util.Optional;

/**
 * How a message reached us: the session facts that later hops and readers may rely on.
 *
 * @param extended the client said EHLO, not HELO
 * @param tls the session was encrypted (STARTTLS or implicit TLS) when the message was sent
 * @param authenticatedUser the mailbox the client authenticated as (RFC 4954), if it did
 */
public record Origin(boolean extended, boolean tls, Optional<String> authenticatedUser) {

    /** EHLO in clear, without AUTH: an ordinary MX delivery. */
    public static final Origin ESMTP = new Origin(true, false, Optional.empty());

    /**
     * The {@code with} protocol of the Received header: RFC 3848's SMTP, ESMTP, ESMTPA, ESMTPS and
     * ESMTPSA, or with {@code smtpUtf8} RFC 6531 section 3.7.4.2's UTF8SMTP family.
     */
    public String protocol(boolean smtpUtf8) {
        if (!extended) {
            return "SMTP";
        }
        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticatedUser.isPresent() ? "A" : "");
    }
}
