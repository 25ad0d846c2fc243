package org.paperpath.smtp.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of smtp-ingress, under {@code paperpath.smtp.*}.
 *
 * @param port the MX listener (port 0 picks a free port)
 * @param submissionPort the submission listener
 * @param bindAddress the address both listeners bind to
 * @param maxMessageSize the largest message accepted (qmail's databytes), advertised in SIZE
 * @param maxRecipients recipients per message
 * @param maxErrors permanent failures before a session is closed with 421
 * @param idleTimeout a session silent this long is closed with 421
 * @param queueTimeout how long the broker may take to acknowledge an envelope before the client hears 451
 * @param shutdownDrain how long sessions may take to finish their transaction on shutdown
 * @param maxConnections open connections over all listeners; one more hears 421 and is closed
 * @param maxConnectionsPerIp open connections from one client address
 * @param postmasterDomain the local domain whose postmaster receives a bare {@code RCPT TO:<postmaster>};
 *     blank: the host name or its parent domain, whichever is local
 */
@Validated
@ConfigurationProperties("paperpath.smtp")
public record SmtpIngressProperties(
        @DefaultValue("2525") @Min(0) @Max(65535) int port,
        @DefaultValue("2587") @Min(0) @Max(65535) int submissionPort,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @DefaultValue("35MB") @NotNull DataSize maxMessageSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxRecipients,
        @DefaultValue("10") @Min(1) int maxErrors,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("10s") @NotNull Duration queueTimeout,
        @DefaultValue("30s") @NotNull Duration shutdownDrain,
        @DefaultValue("1000") @Min(1) int maxConnections,
        @DefaultValue("20") @Min(1) int maxConnectionsPerIp,
        @DefaultValue("") String postmasterDomain) {

    public SmtpIngressProperties {
        requirePositive(maxMessageSize.toBytes(), "paperpath.smtp.max-message-size");
        requirePositive(idleTimeout.toMillis(), "paperpath.smtp.idle-timeout");
        if (queueTimeout.toMillis() < 2000) {
            throw new IllegalArgumentException("paperpath.smtp.queue-timeout must be at least 2s, was " + queueTimeout);
        }
        requirePositive(shutdownDrain.toMillis() + 1, "paperpath.smtp.shutdown-drain");
        requirePositive(maxConnections, "paperpath.smtp.max-connections");
        requirePositive(maxConnectionsPerIp, "paperpath.smtp.max-connections-per-ip");
        postmasterDomain = postmasterDomain == null ? "" : postmasterDomain.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static void requirePositive(long value, String property) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive");
        }
    }
}
