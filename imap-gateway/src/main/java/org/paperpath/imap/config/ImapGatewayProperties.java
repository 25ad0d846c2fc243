package org.paperpath.imap.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of imap-gateway, under {@code paperpath.imap.*}.
 *
 * @param port the plain IMAP port; 0 binds an ephemeral port (tests)
 * @param bindAddress the address to listen on
 * @param idleTimeout a session without traffic this long is closed; RFC 3501 section 5.4 wants at
 *     least 30 minutes
 * @param maxLineLength the longest command line in octets, CRLF included
 * @param drainTime on shutdown, how long open sessions get to finish the reply in flight
 */
@Validated
@ConfigurationProperties("paperpath.imap")
public record ImapGatewayProperties(
        @DefaultValue("1143") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @DefaultValue("30m") @NotNull Duration idleTimeout,
        @DefaultValue("8192") @Min(64) @Max(1048576) int maxLineLength,
        @DefaultValue("5s") @NotNull Duration drainTime) {

    public ImapGatewayProperties {
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("paperpath.imap.idle-timeout must be positive, was " + idleTimeout);
        }
        if (drainTime != null && drainTime.isNegative()) {
            throw new IllegalArgumentException("paperpath.imap.drain-time must not be negative, was " + drainTime);
        }
    }
}
