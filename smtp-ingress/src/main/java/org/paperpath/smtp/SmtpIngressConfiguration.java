package org.paperpath.smtp;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.paperpath.account.client.Authenticator;
import org.paperpath.directory.Directory;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.protocol.server.TlsContextProvider;
import org.paperpath.service.AccountClientConfiguration;
import org.paperpath.service.DirectoryViewConfiguration;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.paperpath.service.SpoolConfiguration;
import org.paperpath.smtp.auth.AuthThrottle;
import org.paperpath.smtp.config.SmtpIngressProperties;
import org.paperpath.smtp.protocol.RecipientSizeLimit;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.SpoolCapacity;
import org.paperpath.smtp.queue.SpoolFreeSpace;
import org.paperpath.smtp.queue.SpoolKafkaSink;
import org.paperpath.smtp.quota.MaildirQuotaCheck;
import org.paperpath.smtp.server.ConnectionLimiter;
import org.paperpath.smtp.server.ListenerSecurity;
import org.paperpath.smtp.server.SmtpChannelInitializer;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.smtp.server.SmtpMetrics;
import org.paperpath.smtp.server.SmtpSessionContext;
import org.paperpath.spool.Spool;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every bean of smtp-ingress, under properties {@code paperpath.smtp.*}. Needs from outside a
 * {@link MeterRegistry}; the {@link Directory} is the shared Kafka-fed view unless a test supplies one,
 * and the {@link Authenticator} of AUTH asks account-service unless a test supplies one.
 */
@Configuration(proxyBeanMethods = false)
@Import({ PaperpathCommonConfiguration.class, DirectoryViewConfiguration.class, AccountClientConfiguration.class, SpoolConfiguration.class })
@EnableConfigurationProperties(SmtpIngressProperties.class)
public class SmtpIngressConfiguration {

    /**
     * Gives up on a record within half the queue timeout, so it is settled before the client hears 451.
     * Keeps {@link ReliableProducers}' 1 ms linger: without it 20 sessions sent many more, smaller
     * requests, each flushed by the one-machine broker, and accepted 40 % fewer messages per second
     * (smtp-source, same jar otherwise). A lone message does not wait for it: {@link SpoolKafkaSink}
     * flushes when nothing else is being published.
     */
    @Bean(destroyMethod = "close")
    KafkaProducer<String, byte[]> smtpIngressProducer(PaperpathProperties paperpath, SmtpIngressProperties smtp) {
        return ReliableProducers.create(paperpath.kafka().bootstrapServers(), "smtp-ingress-" + paperpath.hostname(),
                smtp.queueTimeout().dividedBy(2));
    }

    @Bean(destroyMethod = "close")
    SpoolKafkaSink smtpIngressMessageSink(Spool spool,
            @Qualifier("smtpIngressProducer") KafkaProducer<String, byte[]> producer, SmtpIngressProperties smtp,
            SmtpMetrics metrics) {
        return new SpoolKafkaSink(spool, producer, smtp.queueTimeout(), Clock.systemDefaultZone(), metrics);
    }

    @Bean
    SmtpMetrics smtpIngressMetrics(MeterRegistry meters) {
        return new SmtpMetrics(meters);
    }

    /** Where AUTH waits for account-service; a full queue answers 454 rather than blocking an event loop. */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor smtpIngressAuthWorkers(SmtpIngressProperties smtp) {
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(smtp.auth().workers(), smtp.auth().workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), task -> {
                    Thread thread = new Thread(task, "smtp-auth-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Empty when no certificate is configured: then no STARTTLS, and no smtps listener. */
    @Bean
    SmtpTls smtpIngressTls(SmtpIngressProperties smtp) {
        SmtpIngressProperties.Tls tls = smtp.tls();
        return new SmtpTls(!tls.enabled() ? Optional.empty() : Optional.of(new TlsContextProvider(
                Path.of(tls.certificate()), Path.of(tls.privateKey()), tls.reloadInterval(), Clock.systemUTC())));
    }

    /** The TLS material of smtp-ingress, if any. */
    record SmtpTls(Optional<TlsContextProvider> provider) {
    }

    @Bean
    SmtpIngressServer smtpIngressServer(SmtpIngressProperties smtp, PaperpathProperties paperpath,
            Directory directory, Spool spool, SpoolKafkaSink smtpIngressMessageSink, SmtpMetrics smtpIngressMetrics,
            MeterRegistry meters, Authenticator authenticator, ThreadPoolExecutor smtpIngressAuthWorkers,
            SmtpTls smtpIngressTls) {
        SmtpSettings settings = new SmtpSettings(paperpath.hostname(), smtp.maxMessageSize().toBytes(),
                smtp.maxRecipients(), smtp.maxErrors(),
                Optional.of(smtp.postmasterDomain()).filter(domain -> !domain.isEmpty()),
                smtp.submission().enforceSender());
        SpoolCapacity spoolCapacity = new SpoolFreeSpace(spool.root(), smtp.minSpoolFreeSpace().toBytes(),
                SpoolFreeSpace.FILE_STORE);
        SmtpCommandDispatcher dispatcher = new SmtpCommandDispatcher(settings, directory, spoolCapacity,
                new MaildirQuotaCheck(paperpath.mailDir()));
        ConnectionLimiter limiter = new ConnectionLimiter(smtp.maxConnections(), smtp.maxConnectionsPerIp(),
                smtpIngressMetrics);
        meters.gauge("paperpath.smtp.connections.open", limiter, ConnectionLimiter::open);
        Optional<TlsContextProvider> tls = smtpIngressTls.provider();
        AuthThrottle throttle = new AuthThrottle(smtp.auth().throttleLimits(), Clock.systemUTC());
        ListenerSecurityFactory security = (implicitTls, submission) -> new ListenerSecurity(tls, implicitTls,
                Optional.of(authenticator), submission ? "submission" : "smtp", submission,
                smtp.auth().plaintextNetworks(), smtp.relayNetworkList(), smtpIngressAuthWorkers, throttle);
        ProxyProtocol proxy = smtp.proxyProtocol().trustedNetworkList().isEmpty() ? ProxyProtocol.off()
                : new ProxyProtocol(smtp.proxyProtocol().trustedNetworkList(), smtp.proxyProtocol().headerTimeout(),
                        smtpIngressMetrics::proxyHeader);
        Wiring wiring = new Wiring(settings, dispatcher, smtpIngressMessageSink, smtpIngressMetrics, spoolCapacity,
                smtp.idleTimeout(), limiter, proxy, RecipientSizeLimit.from(directory));
        List<SmtpIngressServer.Endpoint> endpoints = new ArrayList<>();
        endpoints.add(endpoint("smtp", smtp.port(), wiring, security.of(false, false)));
        endpoints.add(endpoint("submission", smtp.submissionPort(), wiring, security.of(false, true)));
        if (tls.isPresent()) {
            endpoints.add(endpoint("submissions", smtp.smtpsPort(), wiring, security.of(true, true)));
        }
        String bootstrap = paperpath.kafka().bootstrapServers();
        return new SmtpIngressServer(smtp.bindAddress(), endpoints,
                () -> TopicProvisioner.ensure(bootstrap, PaperpathTopics.ALL), smtp.shutdownDrain(), meters);
    }

    /** UP only while every listener accepts and the directory view has caught up (RCPT checks work). */
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

    /** What every listener shares. */
    private record Wiring(SmtpSettings settings, SmtpCommandDispatcher dispatcher, SpoolKafkaSink sink,
            SmtpMetrics metrics, SpoolCapacity spoolCapacity, Duration idleTimeout, ConnectionLimiter limiter,
            ProxyProtocol proxy, RecipientSizeLimit recipientSizeLimit) {
    }

    /** The security of one listener: implicit TLS or not, submission (AUTH required) or MX. */
    @FunctionalInterface
    private interface ListenerSecurityFactory {
        ListenerSecurity of(boolean implicitTls, boolean submission);
    }

    private static SmtpIngressServer.Endpoint endpoint(String name, int port, Wiring wiring,
            ListenerSecurity security) {
        SmtpSessionContext context = new SmtpSessionContext(name, wiring.settings(), wiring.dispatcher(),
                wiring.sink(), wiring.metrics(), Clock.systemDefaultZone(), security, wiring.spoolCapacity(),
                wiring.recipientSizeLimit());
        return new SmtpIngressServer.Endpoint(name, port, new SmtpChannelInitializer(context, wiring.idleTimeout(),
                wiring.limiter(), wiring.proxy()));
    }
}
