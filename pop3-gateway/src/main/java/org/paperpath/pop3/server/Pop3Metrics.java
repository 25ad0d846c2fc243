package org.paperpath.pop3.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.paperpath.pop3.protocol.Pop3Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts POP3 events in Micrometer and logs one line per login and per QUIT (never a password). */
public final class Pop3Metrics implements Pop3Events {

    private static final Logger log = LoggerFactory.getLogger(Pop3Metrics.class);

    private final MeterRegistry registry;
    private final Counter sessions;
    private final Counter retrievedBytes;
    private final Counter deleted;

    public Pop3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.sessions = Counter.builder("paperpath.pop3.sessions").description("POP3 connections accepted")
                .register(registry);
        this.retrievedBytes = Counter.builder("paperpath.pop3.retrieved.bytes").baseUnit("bytes")
                .description("octets of RETR and TOP replies written").register(registry);
        this.deleted = Counter.builder("paperpath.pop3.deleted").description("messages removed at QUIT")
                .register(registry);
        for (LoginResult result : LoginResult.values()) {
            logins(result);
        }
    }

    private Counter logins(LoginResult result) {
        return Counter.builder("paperpath.pop3.logins").description("POP3 PASS outcomes")
                .tag("result", result.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    @Override
    public void sessionStarted(String remoteIp) {
        sessions.increment();
    }

    @Override
    public void login(String mailbox, String remoteIp, LoginResult result) {
        logins(result).increment();
        log.info("pop3 login mailbox={} ip={} result={}", printable(mailbox), remoteIp,
                result.name().toLowerCase(Locale.ROOT));
    }

    /** A rejected login logs the name as typed: keep control characters out of the log line. */
    private static String printable(String typed) {
        StringBuilder out = new StringBuilder(typed.length());
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    @Override
    public void retrieved(long octets) {
        retrievedBytes.increment(octets);
    }

    @Override
    public void quit(String mailbox, String remoteIp, int deletedCount, int notRemoved) {
        deleted.increment(deletedCount);
        log.info("pop3 quit mailbox={} ip={} deleted={} not-removed={}", mailbox, remoteIp, deletedCount, notRemoved);
    }
}
