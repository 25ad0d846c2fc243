package org.paperpath.delivery.local;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.paperpath.delivery.local.autoreply.VacationResponder;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.directory.Directory;
import org.paperpath.model.Topics;
import org.paperpath.service.ConsumerLoopsLifecycle;
import org.paperpath.service.DirectoryViewConfiguration;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.paperpath.service.SpoolConfiguration;
import org.paperpath.spool.Spool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of delivery-local, under properties {@code paperpath.delivery-local.*}. */
@Configuration(proxyBeanMethods = false)
@Import({ PaperpathCommonConfiguration.class, DirectoryViewConfiguration.class, SpoolConfiguration.class })
@EnableConfigurationProperties(DeliveryLocalProperties.class)
public class DeliveryLocalConfiguration {

    /** The consumer group; Kafka's unit of work sharing between replicas. */
    static final String GROUP = "paperpath-delivery-local";

    @Bean(destroyMethod = "close")
    public KafkaProducer<String, byte[]> deliveryLocalProducer(PaperpathProperties properties,
            DeliveryLocalProperties local) {
        return ReliableProducers.create(properties.kafka().bootstrapServers(),
                "paperpath-delivery-local-" + properties.hostname(), local.sendTimeout());
    }

    /**
     * Limits come from the directory view; an optional {@link DeliveryObserver} bean (tests only) is
     * told of every Maildir write.
     */
    @Bean
    public LocalDeliverer deliveryLocalDeliverer(PaperpathProperties properties, DeliveryLocalProperties local,
            Spool spool, Directory directory, ObjectProvider<DeliveryObserver> observer) {
        MailboxLimits limits = MailboxLimits.of(directory, local.softQuotaSmallMessage().toBytes(),
                local.quotaCountsTrash());
        return new LocalDeliverer(properties.mailDir(), properties.hostname(), spool,
                observer.getIfAvailable(() -> DeliveryObserver.NONE), Clock.systemUTC(), limits, local.overQuota(),
                MailboxIncarnations.of(directory));
    }

    /** Vacation replies, injected through the spool and the accepted topic like any message. */
    @Bean
    public VacationResponder deliveryLocalVacationResponder(PaperpathProperties properties,
            DeliveryLocalProperties local, Spool spool, Directory directory,
            @Qualifier("deliveryLocalProducer") KafkaProducer<String, byte[]> producer, MeterRegistry meters) {
        return new VacationResponder(properties.mailDir(), properties.hostname(), directory, spool, producer,
                local.sendTimeout(), Clock.systemUTC(), meters);
    }

    @Bean
    public LocalDeliveryHandler deliveryLocalHandler(LocalDeliverer deliveryLocalDeliverer,
            VacationResponder deliveryLocalVacationResponder,
            @Qualifier("deliveryLocalProducer") KafkaProducer<String, byte[]> producer, DeliveryLocalProperties local,
            MeterRegistry meters) {
        return new LocalDeliveryHandler(deliveryLocalDeliverer, deliveryLocalVacationResponder, producer,
                local.sendTimeout(), meters);
    }

    /** The 36-hour tmp/ clean-up of every Maildir (issue 3), while the service is enabled. */
    @Bean
    TmpSweepSchedule deliveryLocalTmpSweep(PaperpathProperties properties, DeliveryLocalProperties local,
            MeterRegistry meters) {
        TmpSweeper sweeper = new TmpSweeper(properties.mailDir(), properties.hostname(), Clock.systemUTC(), meters);
        return new TmpSweepSchedule(sweeper, local.tmpSweepInterval(), local.enabled());
    }

    @Bean
    ConsumerLoopsLifecycle deliveryLocalLifecycle(PaperpathProperties properties, DeliveryLocalProperties local,
            LocalDeliveryHandler deliveryLocalHandler) {
        String bootstrap = properties.kafka().bootstrapServers();
        return new ConsumerLoopsLifecycle(bootstrap, local.enabled(), local.concurrency(), i -> new ConsumerLoop(
                bootstrap, GROUP, "paperpath-delivery-local-" + i, List.of(Topics.LOCAL_DELIVERIES),
                deliveryLocalHandler, local.retryPause(), partitions -> { }));
    }

    /** UP while every consumer loop runs (or when disabled by property). */
    @Bean
    public HealthIndicator deliveryLocalHealth(ConsumerLoopsLifecycle deliveryLocalLifecycle,
            DeliveryLocalProperties local) {
        return () -> {
            if (!local.enabled()) {
                return Health.up().withDetail("enabled", false).build();
            }
            return deliveryLocalLifecycle.isRunning() ? Health.up().withDetail("consumers", local.concurrency()).build()
                    : Health.down().withDetail("consumer", "not running").build();
        };
    }
}
