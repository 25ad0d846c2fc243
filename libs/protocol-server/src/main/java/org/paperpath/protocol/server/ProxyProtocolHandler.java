package org.paperpath.protocol.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header of one connection, if its TCP peer is a trusted proxy, and then
 * steps aside. From an untrusted peer it removes itself at once and the first octets reach the
 * protocol unread. From a trusted one it holds back {@code channelActive} (so nothing greets, counts
 * or decides before the client is known) while Netty's {@link HAProxyMessageDecoder} reads the header;
 * a TCP4/TCP6 {@code PROXY} header sets {@link ClientAddress}, a v2 {@code LOCAL} (the proxy's health
 * check) or an {@code UNKNOWN} family keeps the proxy's own address (proxy-protocol.txt sections 2.1
 * and 2.2). Anything else, or no complete header within the timeout, closes the connection with one
 * log line. Octets after the header are passed on as they came.
 */
final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "proxy-protocol";
    private static final String DECODER = "proxy-protocol-decoder";
    private static final Logger log = LoggerFactory.getLogger(ProxyProtocolHandler.class);

    private final ProxyProtocol settings;
    private ScheduledFuture<?> timeout;
    private boolean settled;

    ProxyProtocolHandler(ProxyProtocol settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!settings.trustedProxies().contains(ctx.channel().remoteAddress())) {
            settled = true;
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
            return;
        }
        ctx.pipeline().addBefore(ctx.name(), DECODER, new HAProxyMessageDecoder());
        timeout = ctx.executor().schedule(() -> refuse(ctx, ProxyProtocol.Outcome.TIMEOUT,
                "no complete PROXY header within " + settings.headerTimeout()),
                settings.headerTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            accept(ctx, header);
        } finally {
            ReferenceCountUtil.release(header);
        }
    }

    private void accept(ChannelHandlerContext ctx, HAProxyMessage header) {
        boolean tcp = header.proxiedProtocol() == HAProxyProxiedProtocol.TCP4
                || header.proxiedProtocol() == HAProxyProxiedProtocol.TCP6;
        ProxyProtocol.Outcome outcome = ProxyProtocol.Outcome.LOCAL;
        if (header.command() == HAProxyCommand.PROXY && tcp) {
            InetAddress client = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
            if (client == null) {
                refuse(ctx, ProxyProtocol.Outcome.INVALID, "PROXY header with a bad source address");
                return;
            }
            ctx.channel().attr(ClientAddress.PROXIED).set(new InetSocketAddress(client, header.sourcePort()));
            outcome = ProxyProtocol.Outcome.PROXIED;
        }
        settle(outcome);
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    /** The decoder found no valid header: it has closed the connection already. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (settled) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        Throwable reason = cause.getCause() != null ? cause.getCause() : cause;
        refuse(ctx, ProxyProtocol.Outcome.INVALID, "no valid PROXY header (" + reason.getMessage() + ")");
    }

    /**
     * Reached only while the header is awaited (this handler leaves the pipeline once it is read):
     * the handlers after it saw no {@code channelActive}, so they see no end either.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void refuse(ChannelHandlerContext ctx, ProxyProtocol.Outcome outcome, String why) {
        if (settled) {
            return;
        }
        settle(outcome);
        log.warn("closing connection from trusted proxy {}: {}", ClientAddress.text(ctx.channel().remoteAddress()),
                why);
        ctx.close();
    }

    private void settle(ProxyProtocol.Outcome outcome) {
        settled = true;
        cancelTimeout();
        settings.outcomes().accept(outcome);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
