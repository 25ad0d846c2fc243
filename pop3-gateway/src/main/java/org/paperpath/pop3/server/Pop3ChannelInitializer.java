package org.paperpath.pop3.server;

import io.netty.channel.Channel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paperpath.protocol.server.CommandLineDecoder;
import org.paperpath.pop3.codec.Pop3ResponseEncoder;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Protocol;

/** Sets up the handlers of one POP3 connection (the same for a socket and an EmbeddedChannel). */
public final class Pop3ChannelInitializer implements Consumer<Channel> {

    private final Pop3Protocol protocol;
    private final Executor worker;
    private final Pop3Events events;
    private final Duration idleTimeout;
    private final int maxLineLength;

    public Pop3ChannelInitializer(Pop3Protocol protocol, Executor worker, Pop3Events events, Duration idleTimeout,
            int maxLineLength) {
        this.protocol = protocol;
        this.worker = worker;
        this.events = events;
        this.idleTimeout = idleTimeout;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void accept(Channel channel) {
        channel.pipeline()
                // observeOutput: a slow client still reading a large RETR is not idle.
                .addLast("idle", new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("decoder", new CommandLineDecoder(maxLineLength))
                .addLast("encoder", new Pop3ResponseEncoder())
                .addLast("chunked", new ChunkedWriteHandler())
                .addLast("session", new Pop3ServerHandler(protocol, worker, events));
    }
}
