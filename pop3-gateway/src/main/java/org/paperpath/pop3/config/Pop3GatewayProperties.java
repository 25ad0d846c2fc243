package org.paperpath.pop3.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of pop3-gateway, under {@code paperpath.pop3.*}.
 *
 * @param port the plain POP3 port; 0 binds an ephemeral port (tests)
 * @param bindAddress the address to listen on
 * @param idleTimeout a session without traffic this long is closed; RFC 1939 section 3 wants at
 *     least ten minutes
 * @param maxLineLength the longest command line in octets, CRLF included (RFC 2449 section 4: 255)
 * @param drainTime on shutdown, how long open sessions get to finish the reply in flight
 * @param workerThreads threads that run the blocking work of sessions (authentication, Maildir I/O)
 */
@Validated
@ConfigurationProperties("paperpath.pop3")
public record Pop3GatewayProperties(
        @DefaultValue("1110") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @DefaultValue("10m") @NotNull Duration idleTimeout,
        @DefaultValue("255") @Min(16) @Max(8192) int maxLineLength,
        @DefaultValue("5s") @NotNull Duration drainTime,
        @DefaultValue("16") @Min(1) @Max(1024) int workerThreads) {

    public Pop3GatewayProperties {
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("paperpath.pop3.idle-timeout must be positive, was " + idleTimeout);
        }
        if (drainTime != null && drainTime.isNegative()) {
            throw new IllegalArgumentException("paperpath.pop3.drain-time must not be negative, was " + drainTime);
        }
    }
}
