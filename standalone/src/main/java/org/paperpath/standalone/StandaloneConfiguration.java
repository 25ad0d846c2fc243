package org.paperpath.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/** What only the one-machine mode adds to the seven services: a start-up summary. */
@Configuration(proxyBeanMethods = false)
public class StandaloneConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StandaloneConfiguration.class);

    @Bean
    ImplicitTlsNotice standaloneTlsNotice(Environment env) {
        return new ImplicitTlsNotice(env);
    }

    /**
     * The implicit-TLS ports of the gateways (POP3S, IMAPS) have their numbers reserved but are not bound
     * until TLS arrives there (the gateway issues); say so once instead of failing silently.
     */
    static final class ImplicitTlsNotice {
        private final Environment env;

        ImplicitTlsNotice(Environment env) {
            this.env = env;
        }

        @EventListener(ApplicationReadyEvent.class)
        void logReservedPorts() {
            log.info("listening: http (REST, /actuator/health, /actuator/prometheus) on port {}",
                    env.getProperty("local.server.port", env.getProperty("server.port", "8080")));
            log.info("not listening: pop3s port {}, imaps port {} (TLS is not built yet)",
                    env.getProperty("paperpath.pop3.pop3s-port", "1995"),
                    env.getProperty("paperpath.imap.imaps-port", "1993"));
        }
    }
}
