package org.paperpath.protocol.server;

import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The PROXY protocol (HAProxy's proxy-protocol.txt, versions 1 and 2) for one server: which TCP peers
 * are proxies whose header is believed, and how long they may take to send it. Shared by every
 * connection of a server; {@link #install} puts a fresh {@link ProxyProtocolHandler} first in each
 * pipeline, ahead of TLS (the header precedes the handshake).
 *
 * <p>Trust is by the TCP peer only. From a trusted peer the header is required; from anyone else a
 * PROXY line is never interpreted and reaches the protocol as ordinary input. An empty list turns
 * the protocol off, which is the default: believing a header from anyone lets any client choose its
 * own address, and with it relay rights (the Mailu chart's open relay).
 *
 * @param trustedProxies the proxies' networks; empty: off
 * @param headerTimeout how long a trusted peer may take to send the complete header
 * @param outcomes told how each connection from a trusted peer began, for a counter
 */
public record ProxyProtocol(NetworkList trustedProxies, Duration headerTimeout, Consumer<Outcome> outcomes) {

    /** How a connection from a trusted peer began. */
    public enum Outcome {
        /** A PROXY header named the client (TCP over IPv4 or IPv6). */
        PROXIED,
        /** A v2 LOCAL command (the proxy's own health check) or an UNKNOWN family: the proxy's address stays. */
        LOCAL,
        /** The first octets were not a PROXY header; the connection was closed. */
        INVALID,
        /** No complete header within the timeout; the connection was closed. */
        TIMEOUT
    }

    private static final ProxyProtocol OFF = new ProxyProtocol(NetworkList.none(), Duration.ofSeconds(10), o -> { });

    public ProxyProtocol {
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("the PROXY header timeout must be positive");
        }
    }

    /** No proxy is trusted: every connection's client is its TCP peer. */
    public static ProxyProtocol off() {
        return OFF;
    }

    public boolean enabled() {
        return !trustedProxies.isEmpty();
    }

    /** Puts the header handler first in a new connection's pipeline; does nothing while off. */
    public void install(ChannelPipeline pipeline) {
        if (enabled()) {
            pipeline.addFirst(ProxyProtocolHandler.NAME, new ProxyProtocolHandler(this));
        }
    }
}
