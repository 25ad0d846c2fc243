package org.paperpath.delivery.remote;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.model.Topics;
import org.paperpath.service.ConsumerLoopsLifecycle;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.paperpath.service.SpoolConfiguration;
import org.paperpath.spool.Spool;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of delivery-remote, under properties {@code paperpath.delivery-remote.*}. */
@Configuration(proxyBeanMethods = false)
@Import({ PaperpathCommonConfiguration.class, SpoolConfiguration.class })
@EnableConfigurationProperties(DeliveryRemoteProperties.class)
public class DeliveryRemoteConfiguration {

    /** The consumer group; Kafka's unit of work sharing between replicas. */
    static final String GROUP = "paperpath-delivery-remote";

    @Bean(destroyMethod = "close")
    public KafkaProducer<String, byte[]> deliveryRemoteProducer(PaperpathProperties properties,
            DeliveryRemoteProperties remote) {
        return ReliableProducers.create(properties.kafka().bootstrapServers(),
                "paperpath-delivery-remote-" + properties.hostname(), remote.sendTimeout());
    }

    @Bean
    public RemoteDeliveryHandler deliveryRemoteHandler(
            @Qualifier("deliveryRemoteProducer") KafkaProducer<String, byte[]> producer, DeliveryRemoteProperties remote,
            MeterRegistry meters) {
        return new RemoteDeliveryHandler(producer, remote.sendTimeout(), meters, Clock.systemUTC());
    }

    @Bean
    ConsumerLoopsLifecycle deliveryRemoteLifecycle(PaperpathProperties properties, DeliveryRemoteProperties remote,
            RemoteDeliveryHandler deliveryRemoteHandler) {
        String bootstrap = properties.kafka().bootstrapServers();
        return new ConsumerLoopsLifecycle(bootstrap, remote.enabled(), 1, i -> new ConsumerLoop(bootstrap, GROUP,
                "paperpath-delivery-remote", List.of(Topics.REMOTE_DELIVERIES), deliveryRemoteHandler,
                remote.retryPause(), partitions -> { }));
    }

    /** UP while the consumer loop runs (or when disabled by property). */
    @Bean
    public HealthIndicator deliveryRemoteHealth(ConsumerLoopsLifecycle deliveryRemoteLifecycle,
            DeliveryRemoteProperties remote) {
        return () -> {
            if (!remote.enabled()) {
                return Health.up().withDetail("enabled", false).build();
            }
            return deliveryRemoteLifecycle.isRunning() ? Health.up().build()
                    : Health.down().withDetail("consumer", "not running").build();
        };
    }
}
