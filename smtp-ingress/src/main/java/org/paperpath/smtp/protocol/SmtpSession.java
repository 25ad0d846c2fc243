package org.paperpath.smtp.protocol;

import org.paperpath.smtp.queue.Origin;

/**
 * Per-connection protocol state: where the session is, who the client is, how often it erred.
 * Confined to one thread (the connection's event loop); command handlers stay stateless.
 */
public final class SmtpSession {

    private final String clientAddress;
    private final SessionPolicy policy;
    private SessionState state = new SessionState.Connected();
    private int errors;
    private boolean extended;
    private boolean tls;
    private java.util.Optional<String> authenticatedUser = java.util.Optional.empty();

    public SmtpSession(String clientAddress) {
        this(clientAddress, SessionPolicy.PLAIN_MX, false);
    }

    /** @param tls whether the connection is already encrypted (implicit TLS, RFC 8314) */
    public SmtpSession(String clientAddress, SessionPolicy policy, boolean tls) {
        this.clientAddress = clientAddress;
        this.policy = policy;
        this.tls = tls;
    }

    public SessionPolicy policy() {
        return policy;
    }

    /** True once TLS is active, from the start (implicit TLS) or after STARTTLS. */
    public boolean tls() {
        return tls;
    }

    /**
     * RFC 3207 section 4.2: after the TLS handshake starts, the session knows nothing it learned
     * before: no HELO name, no transaction, no authentication.
     */
    public void tlsStarted() {
        tls = true;
        state = new SessionState.Connected();
        extended = false;
        authenticatedUser = java.util.Optional.empty();
    }

    /** STARTTLS is offered: a certificate is configured and TLS is not active yet. */
    public boolean offersStartTls() {
        return policy.tlsAvailable() && !tls;
    }

    /** AUTH is offered (RFC 4954 section 4): never in clear, unless the client's network is allowed to. */
    public boolean offersAuth() {
        return policy.authAvailable() && (tls || policy.plaintextAuth()) && authenticatedUser.isEmpty();
    }

    /** The mailbox a successful AUTH named. */
    public java.util.Optional<String> authenticatedUser() {
        return authenticatedUser;
    }

    /** AUTH succeeded: back to greeted, as this user. */
    public void authenticated(String user) {
        authenticatedUser = java.util.Optional.of(user);
        resetTransaction();
    }

    /** A line that could not be read ends an AUTH exchange, as a cancel would (RFC 4954 section 4). */
    public void abandonAuthentication() {
        if (state instanceof SessionState.Authenticating authenticating) {
            state = new SessionState.Greeted(authenticating.helo());
        }
    }

    /** What a message sent now would record about how it came: EHLO, TLS, the authenticated user. */
    public Origin origin() {
        return new Origin(extended, tls, authenticatedUser);
    }

    /** The client may have mail relayed to any domain: it authenticated, or it is in a relay network. */
    public boolean mayRelay() {
        return authenticatedUser.isPresent() || policy.relayClient();
    }

    public String clientAddress() {
        return clientAddress;
    }

    public SessionState state() {
        return state;
    }

    public void transition(SessionState next) {
        state = next;
    }

    /** HELO or EHLO: ends any transaction; only after EHLO may MAIL and RCPT carry ESMTP parameters. */
    public void greet(String helo, boolean extendedHello) {
        state = new SessionState.Greeted(helo);
        extended = extendedHello;
    }

    /** True after EHLO, false after HELO or before either. */
    public boolean extended() {
        return extended;
    }

    /** The HELO/EHLO name, if the client gave one. */
    public java.util.Optional<String> helo() {
        if (state instanceof SessionState.Greeted greeted) {
            return java.util.Optional.of(greeted.helo());
        }
        if (state instanceof SessionState.InTransaction transaction) {
            return java.util.Optional.of(transaction.helo());
        }
        if (state instanceof SessionState.ReceivingData data) {
            return java.util.Optional.of(data.helo());
        }
        if (state instanceof SessionState.ReceivingChunks chunks) {
            return java.util.Optional.of(chunks.helo());
        }
        if (state instanceof SessionState.Authenticating authenticating) {
            return java.util.Optional.of(authenticating.helo());
        }
        if (state instanceof SessionState.Verifying verifying) {
            return java.util.Optional.of(verifying.helo());
        }
        return java.util.Optional.empty();
    }

    /** Ends any mail transaction (RSET, end of data): back to greeted, or to connected if never greeted. */
    public void resetTransaction() {
        state = helo().<SessionState>map(SessionState.Greeted::new).orElseGet(SessionState.Connected::new);
    }

    /** Counts a permanent failure; returns the count so far. */
    public int countError() {
        return ++errors;
    }

    public int errors() {
        return errors;
    }
}
