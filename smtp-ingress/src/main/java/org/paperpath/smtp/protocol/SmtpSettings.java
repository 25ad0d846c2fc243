package org.paperpath.smtp.protocol;

import java.util.Optional;

/**
 * What the protocol needs to know about this server.
 *
 * @param hostname our name in the greeting and the Received header
 * @param maxMessageSize the largest message in octets (SIZE, RFC 1870), Received header excluded
 * @param maxRecipients recipients per transaction (RFC 5321 section 4.5.3.1.8 asks for at least 100)
 * @param maxErrors permanent failures after which the session is closed with 421: every 5xx reply counts
 *     once, whatever the command (an unknown verb's 500, EXPN's and ETRN's 502, a 501, 503, 550...);
 *     HELP's 214 and other non-5xx replies do not count
 * @param postmasterDomain where a bare {@code RCPT TO:<postmaster>} goes; when empty, the host name or
 *     its parent domain, whichever is local
 * @param enforceSender in every authenticated session, on any listener, MAIL FROM must be an address
 *     of the authenticated mailbox ({@link org.paperpath.smtp.protocol.command.MailHandler} says which)
 */
public record SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors,
        Optional<String> postmasterDomain, boolean enforceSender) {

    public SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors) {
        this(hostname, maxMessageSize, maxRecipients, maxErrors, Optional.empty());
    }

    /** Settings where authenticated sessions must send from an address of their mailbox. */
    public SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors,
            Optional<String> postmasterDomain) {
        this(hostname, maxMessageSize, maxRecipients, maxErrors, postmasterDomain, true);
    }
}
