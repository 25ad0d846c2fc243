package org.paperpath.service;

import java.time.Clock;
import org.paperpath.account.client.Authenticator;
import org.paperpath.account.client.HttpAuthenticator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Authenticator} of services that log users in (gateways, SMTP AUTH): account-service
 * over HTTP. Imported by those services' configurations; a test may declare its own Authenticator.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccountClientProperties.class)
public class AccountClientConfiguration {

    @Bean
    @ConditionalOnMissingBean(Authenticator.class)
    public HttpAuthenticator paperpathAuthenticator(AccountClientProperties properties) {
        if (properties.serviceToken() == null || properties.serviceToken().isBlank()) {
            throw new IllegalStateException(
                    "paperpath.account-client.service-token must be set: one of account-service's paperpath.account.service-tokens");
        }
        return new HttpAuthenticator(properties.baseUrl(), properties.serviceToken(), properties.cacheTtl(), Clock.systemUTC());
    }
}
