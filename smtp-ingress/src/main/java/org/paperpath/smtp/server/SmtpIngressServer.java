package org.paperpath.smtp.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.paperpath.protocol.server.ProtocolListener;
import org.springframework.context.SmartLifecycle;

/**
 * The MX and submission listeners, started after the topics exist and stopped gracefully: each
 * session finishes its transaction and hears 421 before the listener closes (ProtocolListener).
 */
public final class SmtpIngressServer implements SmartLifecycle {

    /** One listener to bind: its name (a metric tag), its port, its sessions' setup. */
    public record Endpoint(String name, int port, SmtpChannelInitializer initializer) {
    }

    private final String bindAddress;
    private final List<Endpoint> endpoints;
    private final Runnable beforeBind;
    private final Duration drain;
    private final MeterRegistry meters;
    private final List<ProtocolListener> listeners = new ArrayList<>();
    private volatile boolean running;

    /** @param beforeBind runs once before the first bind (topic provisioning); a failure stops the start */
    public SmtpIngressServer(String bindAddress, List<Endpoint> endpoints, Runnable beforeBind, Duration drain,
            MeterRegistry meters) {
        this.bindAddress = bindAddress;
        this.endpoints = List.copyOf(endpoints);
        this.beforeBind = beforeBind;
        this.drain = drain;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        beforeBind.run();
        try {
            for (Endpoint endpoint : endpoints) {
                listeners.add(ProtocolListener.bind(endpoint.name(),
                        new InetSocketAddress(bindAddress, endpoint.port()), endpoint.initializer(), meters));
            }
        } catch (RuntimeException e) {
            listeners.forEach(ProtocolListener::close);
            listeners.clear();
            throw e;
        }
        running = true;
    }

    /** Closes all listeners at once, so the drain time is spent once, not per listener. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        CompletableFuture.allOf(listeners.stream()
                .map(listener -> CompletableFuture.runAsync(() -> listener.close(drain)))
                .toArray(CompletableFuture[]::new)).join();
        listeners.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True while every listener accepts connections. */
    public synchronized boolean isAccepting() {
        return running && listeners.size() == endpoints.size() && listeners.stream().allMatch(ProtocolListener::isOpen);
    }

    /** The bound port of each listener by name ({@code smtp}, {@code submission}); empty before start. */
    public synchronized Map<String, Integer> boundPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        listeners.forEach(listener -> ports.put(listener.name(), listener.port()));
        return ports;
    }

    /** The bound port of the named listener. */
    public int port(String name) {
        Integer port = boundPorts().get(name);
        if (port == null) {
            throw new IllegalStateException("listener " + name + " is not bound");
        }
        return port;
    }
}
