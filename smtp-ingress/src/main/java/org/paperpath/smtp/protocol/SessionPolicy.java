package org.paperpath.smtp.protocol;

/**
 * What one connection may do, decided when it opens from its listener and its client's address.
 *
 * @param tlsAvailable the listener has a certificate: STARTTLS is offered while TLS is not active
 * @param authAvailable an authenticator is wired: AUTH is offered over TLS
 * @param plaintextAuth the client is in a network allowed to AUTH without TLS
 * @param authRequired the submission listener (RFC 6409 section 4.3): no MAIL before AUTH
 * @param relayClient the client is in a relay network: any recipient domain is accepted
 */
public record SessionPolicy(boolean tlsAvailable, boolean authAvailable, boolean plaintextAuth, boolean authRequired,
        boolean relayClient) {

    /** No TLS, no AUTH, no relaying: an MX listener without a certificate. */
    public static final SessionPolicy PLAIN_MX = new SessionPolicy(false, false, false, false, false);
}
