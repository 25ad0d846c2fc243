package org.paperpath.smtp.server;

import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.paperpath.account.client.Authenticator;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.protocol.server.TlsContextProvider;
import org.paperpath.smtp.auth.AuthThrottle;
import org.paperpath.smtp.protocol.SessionPolicy;

/**
 * TLS, AUTH and relay settings of one listener.
 *
 * @param tls the certificate; empty: no STARTTLS, no implicit TLS
 * @param implicitTls the listener speaks TLS from the first octet (RFC 8314)
 * @param authenticator checks AUTH credentials; empty: no AUTH
 * @param authService the service name the authenticator is asked for ({@code smtp} or {@code submission})
 * @param authRequired no MAIL before AUTH (submission, RFC 6409)
 * @param plaintextAuthNetworks clients that may AUTH without TLS
 * @param relayNetworks clients that may relay without AUTH
 * @param authWorker where the (blocking) authenticator is called, never the event loop
 * @param authThrottle AUTH failures per client and account, shared by every listener
 */
public record ListenerSecurity(Optional<TlsContextProvider> tls, boolean implicitTls,
        Optional<Authenticator> authenticator, String authService, boolean authRequired,
        NetworkList plaintextAuthNetworks, NetworkList relayNetworks, Executor authWorker,
        AuthThrottle authThrottle) {

    private static final ListenerSecurity NONE = new ListenerSecurity(Optional.empty(), false, Optional.empty(), "smtp",
            false, NetworkList.none(), NetworkList.none(), Runnable::run);

    /** A listener whose AUTH is not throttled (tests). */
    public ListenerSecurity(Optional<TlsContextProvider> tls, boolean implicitTls,
            Optional<Authenticator> authenticator, String authService, boolean authRequired,
            NetworkList plaintextAuthNetworks, NetworkList relayNetworks, Executor authWorker) {
        this(tls, implicitTls, authenticator, authService, authRequired, plaintextAuthNetworks, relayNetworks,
                authWorker, AuthThrottle.off());
    }

    public ListenerSecurity {
        if (implicitTls && tls.isEmpty()) {
            throw new IllegalArgumentException("implicit TLS needs a certificate");
        }
    }

    /** No TLS, no AUTH, nobody relays. */
    public static ListenerSecurity none() {
        return NONE;
    }

    /** What a connection from {@code client} may do on this listener. */
    SessionPolicy policyFor(SocketAddress client) {
        return new SessionPolicy(tls.isPresent(), authenticator.isPresent(), plaintextAuthNetworks.contains(client),
                authRequired, relayNetworks.contains(client));
    }
}
