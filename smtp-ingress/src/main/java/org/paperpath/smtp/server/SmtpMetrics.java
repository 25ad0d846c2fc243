package org.paperpath.smtp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.smtp.protocol.SmtpReply;

/** The domain meters of smtp-ingress; tag values come from fixed sets only. */
public final class SmtpMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;

    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("paperpath.smtp.messages.accepted")
                .description("messages answered 250 after spool and broker acknowledged them")
                .register(registry);
        // Known tag values exist from the start, so an idle server exports zeros rather than nothing.
        for (String listener : new String[] {"smtp", "submission", "submissions"}) {
            registry.counter("paperpath.smtp.sessions", "listener", listener);
        }
        for (ProxyProtocol.Outcome outcome : ProxyProtocol.Outcome.values()) {
            registry.counter("paperpath.smtp.proxy", "result", outcome.name().toLowerCase(Locale.ROOT));
        }
        for (String limit : new String[] {"global", "per-ip"}) {
            registry.counter("paperpath.smtp.connections.refused", "limit", limit);
        }
        for (String result : new String[] {"success", "failure", "unavailable", "aborted", "throttled"}) {
            registry.counter("paperpath.smtp.auth", "result", result);
        }
        for (String result : new String[] {"success", "failure"}) {
            registry.counter("paperpath.smtp.tls.handshakes", "result", result);
        }
        for (String reason : new String[] {"size", "line", "hops", "spool", "storage", "queue",
                "disconnect"}) {
            registry.counter("paperpath.smtp.messages.rejected", "reason", reason);
        }
    }

    /** @param outcome how a connection from a trusted proxy began */
    public void proxyHeader(ProxyProtocol.Outcome outcome) {
        registry.counter("paperpath.smtp.proxy", "result", outcome.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** @param limit global or per-ip */
    public void connectionRefused(String limit) {
        registry.counter("paperpath.smtp.connections.refused", "limit", limit).increment();
    }

    public void sessionOpened(String listener) {
        registry.counter("paperpath.smtp.sessions", "listener", listener).increment();
    }

    /** @param verb one of {@link org.paperpath.smtp.protocol.SmtpCommand#VERBS}, UNKNOWN or LINE_TOO_LONG */
    public void command(String verb, SmtpReply reply) {
        registry.counter("paperpath.smtp.commands", "verb", verb, "reply", reply.replyClass()).increment();
    }

    public void accepted() {
        accepted.increment();
    }

    /** @param reason size, line, hops, spool (unwritable), storage (free space low), queue or disconnect */
    public void rejected(String reason) {
        registry.counter("paperpath.smtp.messages.rejected", "reason", reason).increment();
    }

    /**
     * @param result success, failure (535), unavailable (454), aborted (cancelled, malformed, refused) or
     *     throttled (454 without asking account-service)
     */
    public void auth(String result) {
        registry.counter("paperpath.smtp.auth", "result", result).increment();
    }

    /** @param result success or failure */
    public void tlsHandshake(String result) {
        registry.counter("paperpath.smtp.tls.handshakes", "result", result).increment();
    }
}
