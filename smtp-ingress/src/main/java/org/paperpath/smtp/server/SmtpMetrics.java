package org.paperpath.smtp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.queue.CommitTimings;

/**
 * The domain meters of smtp-ingress; tag values come from fixed sets only, and every known one is
 * registered at start, so an idle server exports zeros rather than nothing.
 */
public final class SmtpMetrics implements CommitTimings {

    private static final String[] LISTENERS = {"smtp", "submission", "submissions"};
    private static final String[] REPLY_CLASSES = {"2xx", "3xx", "4xx", "5xx"};
    /** End-of-data replies: queued, refused for now, refused for good. */
    private static final String[] DATA_REPLY_CLASSES = {"2xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Timer published;
    private final Timer bodySynced;
    private final Timer envelopeAcknowledged;

    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("paperpath.smtp.messages.accepted")
                .description("messages answered 250 after spool and broker acknowledged them")
                .register(registry);
        this.published = commitStep("publish", "from the end of the content until the body is whole in the spool");
        this.bodySynced = commitStep("sync", "the spooled body's fsyncs");
        this.envelopeAcknowledged = commitStep("ack", "from the envelope's send until the broker acknowledged it");
        for (String listener : LISTENERS) {
            registry.counter("paperpath.smtp.sessions", "listener", listener);
            bytesReceived(listener);
        }
        List<String> verbs = new ArrayList<>(SmtpCommand.VERBS);
        verbs.addAll(List.of("UNKNOWN", "LINE_TOO_LONG"));
        for (String verb : verbs) {
            for (String replyClass : REPLY_CLASSES) {
                registry.counter("paperpath.smtp.commands", "verb", verb, "reply", replyClass);
            }
        }
        for (String replyClass : DATA_REPLY_CLASSES) {
            dataLatency(replyClass);
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
        for (String reason : new String[] {"size", "recipient-size", "line", "hops", "spool", "storage", "queue",
                "disconnect"}) {
            registry.counter("paperpath.smtp.messages.rejected", "reason", reason);
        }
    }

    /** Octets of message content (DATA or BDAT) read on {@code listener}, whether the message was then kept or not. */
    public void bytesReceived(String listener, long octets) {
        bytesReceived(listener).increment(octets);
    }

    /** The content of a message has ended: the start of {@code paperpath.smtp.data.latency}. */
    public Timer.Sample dataEnded() {
        return Timer.start(registry);
    }

    /** The reply to the content (250, or a refusal) is handed to the socket. */
    public void dataReplied(Timer.Sample sample, SmtpReply reply) {
        String replyClass = reply.replyClass();
        sample.stop(dataLatency(replyClass.equals("3xx") ? "4xx" : replyClass));
    }

    private Counter bytesReceived(String listener) {
        return Counter.builder("paperpath.smtp.bytes.received").tag("listener", listener)
                .description("octets of message content received").register(registry);
    }

    private Timer dataLatency(String replyClass) {
        return Timer.builder("paperpath.smtp.data.latency").tag("reply", replyClass)
                .description("from the end of a message's content to its reply: spool fsync and broker ack for 250")
                .publishPercentileHistogram().register(registry);
    }

    /**
     * {@code paperpath.smtp.commit.latency} by step: the 250 waits for {@code publish}, then for the
     * later of {@code sync} and {@code ack}, which run side by side (ADR 0004).
     */
    private Timer commitStep(String step, String description) {
        return Timer.builder("paperpath.smtp.commit.latency").tag("step", step).description(description)
                .register(registry);
    }

    @Override
    public void published(long nanos) {
        published.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void bodySynced(long nanos) {
        bodySynced.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void envelopeAcknowledged(long nanos) {
        envelopeAcknowledged.record(nanos, TimeUnit.NANOSECONDS);
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
