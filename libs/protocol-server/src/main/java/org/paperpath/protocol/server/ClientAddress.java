package org.paperpath.protocol.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The address of the client a connection serves: the TCP peer, unless a trusted proxy named another
 * one in a PROXY protocol header ({@link ProxyProtocolHandler}). Every decision about the client
 * (relay networks, connection limits, throttling, trace headers, logs) asks here, never
 * {@link Channel#remoteAddress()}, so a proxy's own address cannot drive them.
 */
public final class ClientAddress {

    /** Set by {@link ProxyProtocolHandler} on a connection whose proxy named the client. */
    static final AttributeKey<InetSocketAddress> PROXIED = AttributeKey.valueOf(ClientAddress.class, "proxied");

    private ClientAddress() {
    }

    /** The client's socket address: from the PROXY header if one was honoured, else the TCP peer. */
    public static SocketAddress of(Channel channel) {
        InetSocketAddress proxied = channel.attr(PROXIED).get();
        return proxied != null ? proxied : channel.remoteAddress();
    }

    /** The client's IP address as text ({@code 192.0.2.10}, {@code 2001:db8::1}), the key of per-client decisions. */
    public static String ip(Channel channel) {
        return text(of(channel));
    }

    /** An IP socket address as its bare IP address; anything else (embedded, local channels) as given. */
    public static String text(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
