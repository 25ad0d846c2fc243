package org.paperpath.service;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a gateway or smtp-ingress reaches account-service's authentication endpoint, under
 * {@code paperpath.account-client.*}.
 *
 * @param baseUrl account-service's root URL
 * @param serviceToken one of account-service's {@code paperpath.account.service-tokens}; required
 *     only where an {@link org.paperpath.account.client.Authenticator} is built from these settings
 * @param cacheTtl how long a successful login may stand in for account-service while it cannot answer
 *     (stale-if-error; every login is still asked first); 0 turns that off
 */
@Validated
@ConfigurationProperties("paperpath.account-client")
public record AccountClientProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI baseUrl,
        String serviceToken,
        @NotNull @DefaultValue("30s") Duration cacheTtl) {
}
