package org.paperpath.imap;

import io.micrometer.core.instrument.MeterRegistry;
import org.paperpath.imap.config.ImapGatewayProperties;
import org.paperpath.imap.protocol.ImapProtocol;
import org.paperpath.imap.protocol.handler.ImapHandlers;
import org.paperpath.imap.server.ImapServer;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every bean of imap-gateway, under properties {@code paperpath.imap.*}. Needs a {@link MeterRegistry}
 * from outside. No login yet, so no Authenticator either.
 */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
@EnableConfigurationProperties(ImapGatewayProperties.class)
public class ImapGatewayConfiguration {

    @Bean
    ImapProtocol imapGatewayProtocol() {
        return ImapHandlers.protocol();
    }

    @Bean
    ImapServer imapGatewayServer(ImapGatewayProperties properties, ImapProtocol imapGatewayProtocol,
            MeterRegistry meters) {
        return new ImapServer(properties, imapGatewayProtocol, meters);
    }

    @Bean
    HealthIndicator imapGatewayHealth(ImapServer imapGatewayServer) {
        return () -> imapGatewayServer.isListening()
                ? Health.up().withDetail("port", imapGatewayServer.port()).build()
                : Health.down().withDetail("reason", "imap listener not bound").build();
    }
}
