package org.paperpath.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.paperpath.kafka.ConsumerLoop;
import org.paperpath.directory.Directory;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.service.DirectoryViewConfiguration;
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

/** Every bean of queue-service, under properties {@code paperpath.queue.*}. */
@Configuration(proxyBeanMethods = false)
@Import({ PaperpathCommonConfiguration.class, DirectoryViewConfiguration.class, SpoolConfiguration.class })
@EnableConfigurationProperties(QueueServiceProperties.class)
public class QueueServiceConfiguration {

    /** The consumer group; Kafka's unit of work sharing between replicas. */
    static final String GROUP = "paperpath-queue";

    @Bean(destroyMethod = "close")
    public KafkaProducer<String, byte[]> queueServiceProducer(PaperpathProperties properties,
            QueueServiceProperties queue) {
        return ReliableProducers.create(properties.kafka().bootstrapServers(), "paperpath-queue-" + properties.hostname(),
                queue.sendTimeout());
    }

    @Bean
    QueueStateStore queueServiceStateStore(PaperpathProperties properties, QueueServiceProperties queue,
            @Qualifier("queueServiceProducer") KafkaProducer<String, byte[]> producer, MeterRegistry meters) {
        QueueStateStore store = new QueueStateStore(properties.kafka().bootstrapServers(), producer,
                queue.sendTimeout());
        Gauge.builder("paperpath.queue.entries", store, QueueStateStore::size)
                .description("queue entries held in memory for this member's partitions")
                .register(meters);
        return store;
    }

    @Bean
    QueueProcessor queueServiceProcessor(Directory directory, QueueStateStore queueServiceStateStore, Spool spool,
            MeterRegistry meters) {
        return new QueueProcessor(new Router(directory), queueServiceStateStore, spool, meters);
    }

    /**
     * One loop on both topics keyed by queue id, so one member owns both halves of a message; each
     * poll is one batch of the processor, committed once all its writes are acked.
     */
    @Bean
    ConsumerLoopsLifecycle queueServiceLifecycle(PaperpathProperties properties, QueueServiceProperties queue,
            QueueProcessor queueServiceProcessor, QueueStateStore queueServiceStateStore) {
        String bootstrap = properties.kafka().bootstrapServers();
        return new ConsumerLoopsLifecycle(bootstrap, queue.enabled(), 1, i -> ConsumerLoop.batched(bootstrap, GROUP,
                "paperpath-queue", List.of(Topics.ACCEPTED, Topics.DELIVERY_RESULTS), queueServiceProcessor,
                queue.retryPause(), queueServiceStateStore::rebuild));
    }

    /** UP once the consumer holds its partitions and the directory view is caught up (or when disabled). */
    @Bean
    public HealthIndicator queueServiceHealth(ConsumerLoopsLifecycle queueServiceLifecycle, Directory directory,
            QueueServiceProperties queue) {
        return () -> {
            if (!queue.enabled()) {
                return Health.up().withDetail("enabled", false).build();
            }
            if (!queueServiceLifecycle.isAssigned()) {
                return Health.down().withDetail("consumer", "not running or not assigned").build();
            }
            if (!directory.isCaughtUp()) {
                return Health.down().withDetail("directory", "catching up").build();
            }
            return Health.up().build();
        };
    }
}
