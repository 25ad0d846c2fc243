package org.paperpath.pop3;

import io.micrometer.core.instrument.MeterRegistry;
import org.paperpath.account.client.Authenticator;
import org.paperpath.pop3.config.Pop3GatewayProperties;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Protocol;
import org.paperpath.pop3.protocol.handler.Pop3Handlers;
import org.paperpath.pop3.server.Pop3Metrics;
import org.paperpath.pop3.server.Pop3Server;
import org.paperpath.pop3.store.MaildirMailboxStore;
import org.paperpath.pop3.store.MailboxStore;
import org.paperpath.service.AccountClientConfiguration;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every bean of pop3-gateway, under properties {@code paperpath.pop3.*}. Needs from outside: an
 * {@link Authenticator} (account-service over HTTP, from {@link AccountClientConfiguration}) and a
 * {@link MeterRegistry}.
 */
@Configuration(proxyBeanMethods = false)
@Import({PaperpathCommonConfiguration.class, AccountClientConfiguration.class})
@EnableConfigurationProperties(Pop3GatewayProperties.class)
public class Pop3GatewayConfiguration {

    @Bean
    MailboxStore pop3GatewayMailboxStore(PaperpathProperties paperpath) {
        return new MaildirMailboxStore(paperpath.mailDir(), paperpath.hostname());
    }

    @Bean
    Pop3Events pop3GatewayEvents(MeterRegistry meters) {
        return new Pop3Metrics(meters);
    }

    @Bean
    Pop3Protocol pop3GatewayProtocol(Authenticator authenticator, MailboxStore pop3GatewayMailboxStore,
            Pop3Events pop3GatewayEvents) {
        return Pop3Handlers.protocol(authenticator, pop3GatewayMailboxStore, pop3GatewayEvents);
    }

    @Bean
    Pop3Server pop3GatewayServer(Pop3GatewayProperties properties, Pop3Protocol pop3GatewayProtocol,
            Pop3Events pop3GatewayEvents, MeterRegistry meters) {
        return new Pop3Server(properties, pop3GatewayProtocol, pop3GatewayEvents, meters);
    }

    @Bean
    HealthIndicator pop3GatewayHealth(Pop3Server pop3GatewayServer) {
        return () -> pop3GatewayServer.isListening()
                ? Health.up().withDetail("port", pop3GatewayServer.port()).build()
                : Health.down().withDetail("reason", "pop3 listener not bound").build();
    }
}
