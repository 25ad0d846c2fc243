package org.paperpath.smtp.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperpath.protocol.server.ClientAddress;

/**
 * Caps open connections in total and per client address, across every listener that shares it:
 * one connection too many hears {@code 421 4.7.0} (RFC 5321 section 3.8) and is closed before the
 * session starts, and the refusal is counted. First in the pipeline after the PROXY header, so the
 * client counted is the real one, and a refused client reaches nothing else.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    /** The client address a connection was counted under; absent on refused connections. */
    private static final AttributeKey<String> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class, "counted");
    private static final byte[] TOO_MANY = "421 4.7.0 Too many connections, try again later\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOO_MANY_FROM_YOU = "421 4.7.0 Too many connections from your address, try again later\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final int maxConnections;
    private final int maxPerAddress;
    private final SmtpMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(int maxConnections, int maxPerAddress, SmtpMetrics metrics) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.metrics = metrics;
    }

    /** Open connections now, for a gauge. */
    public int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String address = ClientAddress.ip(ctx.channel());
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx, TOO_MANY, "global");
            return;
        }
        if (perAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
            release(address);
            refuse(ctx, TOO_MANY_FROM_YOU, "per-ip");
            return;
        }
        ctx.channel().attr(COUNTED).set(address);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(COUNTED)) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String address = ctx.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            release(address);
            ctx.fireChannelInactive();
        }
    }

    private void release(String address) {
        perAddress.computeIfPresent(address, (key, count) -> count > 1 ? count - 1 : null);
        open.decrementAndGet();
    }

    private void refuse(ChannelHandlerContext ctx, byte[] reply, String limit) {
        metrics.connectionRefused(limit);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
    }
}
