package org.paperpath.smtp.protocol;

/**
 * What the protocol needs to know about this server.
 *
 * @param hostname our name in the greeting and the Received header
 * @param maxMessageSize the largest message in octets (SIZE, RFC 1870), Received header excluded
 * @param maxRecipients recipients per transaction (RFC 5321 section 4.5.3.1.8 asks for at least 100)
 * @param maxErrors permanent failures after which the session is closed with 421
 */
public record SmtpSettings(String hostname, long maxMessageSize, int maxRecipients, int maxErrors) {
}
