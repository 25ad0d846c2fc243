package org.paperpath.smtp.server;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.smtp.codec.SmtpRequestDecoder;
import org.paperpath.smtp.codec.SmtpResponseEncoder;

/** Sets up the handlers of one SMTP connection. */
public final class SmtpChannelInitializer implements Consumer<SocketChannel> {

    /** RFC 5321 section 4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
    public static final int MAX_COMMAND_LINE = 512;

    private static final SmtpResponseEncoder ENCODER = new SmtpResponseEncoder();

    private final SmtpSessionContext context;
    private final Duration idleTimeout;
    private final ConnectionLimiter limiter;
    private final ProxyProtocol proxyProtocol;

    /** @param limiter shared by every listener, so its limits hold for the whole server */
    public SmtpChannelInitializer(SmtpSessionContext context, Duration idleTimeout, ConnectionLimiter limiter) {
        this(context, idleTimeout, limiter, ProxyProtocol.off());
    }

    /** @param proxyProtocol which peers' PROXY header names the client; read before anything else, TLS included */
    public SmtpChannelInitializer(SmtpSessionContext context, Duration idleTimeout, ConnectionLimiter limiter,
            ProxyProtocol proxyProtocol) {
        this.context = context;
        this.idleTimeout = idleTimeout;
        this.limiter = limiter;
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    public void accept(SocketChannel channel) {
        configure(channel.pipeline());
    }

    /**
     * Also used by tests on an {@code EmbeddedChannel}. A trusted proxy's PROXY header comes first, then
     * with implicit TLS (RFC 8314) the handshake.
     */
    public void configure(ChannelPipeline pipeline) {
        SmtpRequestDecoder decoder = new SmtpRequestDecoder(MAX_COMMAND_LINE);
        if (context.security().implicitTls()) {
            pipeline.addLast("ssl", context.security().tls().orElseThrow()
                    .newHandler(pipeline.channel().alloc(), false));
        }
        pipeline.addLast("limiter", limiter)
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("decoder", decoder)
                .addLast("encoder", ENCODER)
                .addLast("session", new SmtpSessionHandler(context, decoder));
        proxyProtocol.install(pipeline);
    }
}
