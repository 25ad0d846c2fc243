package org.paperpath.imap.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paperpath.protocol.server.CommandLineDecoder;
import org.paperpath.imap.codec.ImapResponseEncoder;
import org.paperpath.imap.protocol.ImapProtocol;

/** Sets up the handlers of one IMAP connection (the same for a socket and an EmbeddedChannel). */
public final class ImapChannelInitializer implements Consumer<Channel> {

    private final ImapProtocol protocol;
    private final Counter sessions;
    private final Duration idleTimeout;
    private final int maxLineLength;

    public ImapChannelInitializer(ImapProtocol protocol, Counter sessions, Duration idleTimeout, int maxLineLength) {
        this.protocol = protocol;
        this.sessions = sessions;
        this.idleTimeout = idleTimeout;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void accept(Channel channel) {
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("decoder", new CommandLineDecoder(maxLineLength))
                .addLast("encoder", new ImapResponseEncoder())
                .addLast("session", new ImapServerHandler(protocol, sessions));
    }
}
