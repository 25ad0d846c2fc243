package org.paperpath.smtp;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.paperpath.directory.Directory;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.service.DirectoryViewConfiguration;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.paperpath.smtp.config.SmtpIngressProperties;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.SpoolKafkaSink;
import org.paperpath.smtp.server.ConnectionLimiter;
import org.paperpath.smtp.server.SmtpChannelInitializer;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.smtp.server.SmtpMetrics;
import org.paperpath.smtp.server.SmtpSessionContext;
import org.paperpath.spool.Spool;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every bean of smtp-ingress, under properties {@code paperpath.smtp.*}. Needs from outside a
 * {@link MeterRegistry}; the {@link Directory} is the shared Kafka-fed view unless a test supplies one.
 */
@Configuration(proxyBeanMethods = false)
@Import({ PaperpathCommonConfiguration.class, DirectoryViewConfiguration.class })
@EnableConfigurationProperties(SmtpIngressProperties.class)
public class SmtpIngressConfiguration {

    /** Shared by every service of one JVM that spools; whichever configuration comes first declares it. */
    @Bean
    @ConditionalOnMissingBean
    Spool paperpathSpool(PaperpathProperties paperpath) throws IOException {
        return new Spool(paperpath.spoolDir());
    }

    /** Gives up on a record within half the queue timeout, so it is settled before the client hears 451. */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> smtpIngressProducer(PaperpathProperties paperpath, SmtpIngressProperties smtp) {
        return ReliableProducers.create(paperpath.kafka().bootstrapServers(), "smtp-ingress-" + paperpath.hostname(),
                smtp.queueTimeout().dividedBy(2));
    }

    @Bean(destroyMethod = "close")
    SpoolKafkaSink smtpIngressMessageSink(Spool spool,
            @Qualifier("smtpIngressProducer") KafkaProducer<String, byte[]> producer, SmtpIngressProperties smtp) {
        return new SpoolKafkaSink(spool, producer, smtp.queueTimeout(), Clock.systemDefaultZone());
    }

    @Bean
    SmtpMetrics smtpIngressMetrics(MeterRegistry meters) {
        return new SmtpMetrics(meters);
    }

    @Bean
    SmtpIngressServer smtpIngressServer(SmtpIngressProperties smtp, PaperpathProperties paperpath,
            Directory directory, SpoolKafkaSink smtpIngressMessageSink, SmtpMetrics smtpIngressMetrics,
            MeterRegistry meters) {
        SmtpSettings settings = new SmtpSettings(paperpath.hostname(), smtp.maxMessageSize().toBytes(),
                smtp.maxRecipients(), smtp.maxErrors(),
                Optional.of(smtp.postmasterDomain()).filter(domain -> !domain.isEmpty()));
        SmtpCommandDispatcher dispatcher = new SmtpCommandDispatcher(settings, directory);
        ConnectionLimiter limiter = new ConnectionLimiter(smtp.maxConnections(), smtp.maxConnectionsPerIp(),
                smtpIngressMetrics);
        meters.gauge("paperpath.smtp.connections.open", limiter, ConnectionLimiter::open);
        List<SmtpIngressServer.Endpoint> endpoints = List.of(
                endpoint("smtp", smtp.port(), settings, dispatcher, smtpIngressMessageSink, smtpIngressMetrics, smtp,
                        limiter),
                endpoint("submission", smtp.submissionPort(), settings, dispatcher, smtpIngressMessageSink,
                        smtpIngressMetrics, smtp, limiter));
        String bootstrap = paperpath.kafka().bootstrapServers();
        return new SmtpIngressServer(smtp.bindAddress(), endpoints,
                () -> TopicProvisioner.ensure(bootstrap, PaperpathTopics.ALL), smtp.shutdownDrain(), meters);
    }

    /** UP only while both listeners accept and the directory view has caught up (RCPT checks work). */
    @Bean
    HealthIndicator smtpIngressHealth(SmtpIngressServer smtpIngressServer, Directory directory) {
        return () -> {
            boolean accepting = smtpIngressServer.isAccepting();
            boolean caughtUp = directory.isCaughtUp();
            Health.Builder health = accepting && caughtUp ? Health.up() : Health.down();
            return health.withDetail("listeners", smtpIngressServer.boundPorts())
                    .withDetail("directoryCaughtUp", caughtUp)
                    .build();
        };
    }

    private static SmtpIngressServer.Endpoint endpoint(String name, int port, SmtpSettings settings,
            SmtpCommandDispatcher dispatcher, SpoolKafkaSink sink, SmtpMetrics metrics, SmtpIngressProperties smtp,
            ConnectionLimiter limiter) {
        SmtpSessionContext context = new SmtpSessionContext(name, settings, dispatcher, sink, metrics,
                Clock.systemDefaultZone());
        return new SmtpIngressServer.Endpoint(name, port, new SmtpChannelInitializer(context, smtp.idleTimeout(), limiter));
    }
}
