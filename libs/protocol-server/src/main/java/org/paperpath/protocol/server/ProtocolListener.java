package org.paperpath.protocol.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound TCP listener of a line protocol (SMTP, POP3, IMAP). It owns its event loops, counts
 * open connections in {@code paperpath.connections.open{listener}}, and on {@link #close} stops
 * accepting, gives open sessions {@code drainTime} to finish, then closes what is left.
 */
public final class ProtocolListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProtocolListener.class);

    private final String name;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final ChannelGroup sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;

    private ProtocolListener(String name, InetSocketAddress address, Consumer<SocketChannel> pipeline,
            MeterRegistry meters) {
        this.name = name;
        meters.gauge("paperpath.connections.open", io.micrometer.core.instrument.Tags.of("listener", name), sessions,
                ChannelGroup::size);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        sessions.add(channel);
                        pipeline.accept(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).syncUninterruptibly();
        if (!bound.isSuccess()) {
            shutdownLoops();
            throw new IllegalStateException("cannot listen for " + name + " on " + address, bound.cause());
        }
        this.serverChannel = bound.channel();
        log.info("listening: {} on {}", name, serverChannel.localAddress());
    }

    /**
     * Binds a listener.
     *
     * @param pipeline sets up each accepted connection's handlers
     * @throws IllegalStateException if the address cannot be bound
     */
    public static ProtocolListener bind(String name, InetSocketAddress address, Consumer<SocketChannel> pipeline,
            MeterRegistry meters) {
        return new ProtocolListener(name, address, pipeline, meters);
    }

    public String name() {
        return name;
    }

    /** The bound port (useful when bound to port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean isOpen() {
        return serverChannel.isOpen();
    }

    public int openSessions() {
        return sessions.size();
    }

    /**
     * Stops accepting, tells every session {@link ShutdownRequested} (a user event, so a protocol can
     * finish what is in flight and answer 421 or its equivalent), waits up to {@code drainTime} for
     * sessions to end on their own, then closes what is left.
     */
    public void close(Duration drainTime) {
        serverChannel.close().syncUninterruptibly();
        sessions.forEach(channel -> channel.eventLoop().execute(
                () -> channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE)));
        long deadline = System.nanoTime() + drainTime.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sessions.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownLoops();
        log.info("stopped: {}", name);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private void shutdownLoops() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
