package org.paperpath.pop3.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperpath.pop3.config.Pop3GatewayProperties;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Protocol;
import org.paperpath.protocol.server.ProtocolListener;
import org.springframework.context.SmartLifecycle;

/**
 * The POP3 listener as a Spring lifecycle: binds on start, and on stop lets sessions finish the
 * reply in flight ({@code paperpath.pop3.drain-time}) before closing them. Owns the worker threads
 * on which commands run.
 */
public final class Pop3Server implements SmartLifecycle {

    private final Pop3GatewayProperties properties;
    private final Pop3Protocol protocol;
    private final Pop3Events events;
    private final MeterRegistry meters;
    private volatile ProtocolListener listener;
    private volatile ThreadPoolExecutor worker;

    public Pop3Server(Pop3GatewayProperties properties, Pop3Protocol protocol, Pop3Events events,
            MeterRegistry meters) {
        this.properties = properties;
        this.protocol = protocol;
        this.events = events;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (listener != null) {
            return;
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(properties.workerThreads(), properties.workerThreads(),
                60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads());
        pool.allowCoreThreadTimeOut(true);
        Pop3ChannelInitializer initializer = new Pop3ChannelInitializer(protocol, pool, events,
                properties.idleTimeout(), properties.maxLineLength());
        try {
            listener = ProtocolListener.bind("pop3", new InetSocketAddress(properties.bindAddress(), properties.port()),
                    initializer::accept, meters);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
        worker = pool;
    }

    @Override
    public synchronized void stop() {
        ProtocolListener bound = listener;
        if (bound == null) {
            return;
        }
        bound.close(properties.drainTime());
        worker.shutdown();
        listener = null;
        worker = null;
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
            throw new IllegalStateException("pop3 listener not running");
        }
        return bound.port();
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "pop3-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
