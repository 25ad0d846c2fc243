package org.paperpath.imap.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import org.paperpath.imap.config.ImapGatewayProperties;
import org.paperpath.imap.protocol.ImapProtocol;
import org.paperpath.protocol.server.ProtocolListener;
import org.springframework.context.SmartLifecycle;

/**
 * The IMAP listener as a Spring lifecycle: binds on start; on stop sessions hear {@code * BYE} and
 * close within {@code paperpath.imap.drain-time}. Counts accepted connections in
 * {@code paperpath.imap.sessions}.
 */
public final class ImapServer implements SmartLifecycle {

    private final ImapGatewayProperties properties;
    private final ImapProtocol protocol;
    private final MeterRegistry meters;
    private final Counter sessions;
    private volatile ProtocolListener listener;

    public ImapServer(ImapGatewayProperties properties, ImapProtocol protocol, MeterRegistry meters) {
        this.properties = properties;
        this.protocol = protocol;
        this.meters = meters;
        this.sessions = Counter.builder("paperpath.imap.sessions").description("IMAP connections accepted")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (listener != null) {
            return;
        }
        ImapChannelInitializer initializer = new ImapChannelInitializer(protocol, sessions, properties.idleTimeout(),
                properties.maxLineLength());
        listener = ProtocolListener.bind("imap", new InetSocketAddress(properties.bindAddress(), properties.port()),
                initializer::accept, meters);
    }

    @Override
    public synchronized void stop() {
        if (listener != null) {
            listener.close(properties.drainTime());
            listener = null;
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }

    /** True while the listening socket is bound. */
    public boolean isListening() {
        ProtocolListener bound = listener;
        return bound != null && bound.isOpen();
    }

    /** The bound port; only while running. */
    public int port() {
        ProtocolListener bound = listener;
        if (bound == null) {
            throw new IllegalStateException("imap listener not running");
        }
        return bound.port();
    }
}
