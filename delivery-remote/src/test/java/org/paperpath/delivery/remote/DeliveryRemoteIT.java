package org.paperpath.delivery.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.kafka.testing.TopicReader;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.RemoteDelivery;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class DeliveryRemoteIT {

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path data;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void everyRemoteDeliveryIsAnsweredDeferredForNow() {
        new ApplicationContextRunner()
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(DeliveryRemoteConfiguration.class)
                .withPropertyValues("paperpath.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "paperpath.data-dir=" + data, "paperpath.hostname=remote-it")
                .run(context -> {
                    String queueId = QueueId.generate().value();
                    RemoteDelivery delivery = new RemoteDelivery(RemoteDelivery.VERSION, queueId, "x@remote.net",
                            "remote.net", "a@example.org", "AB/" + queueId, Instant.now(), 1);
                    try (KafkaProducer<String, byte[]> producer = ReliableProducers.create(broker.getBrokersAsString(),
                            "remote-it", Duration.ofSeconds(30))) {
                        producer.send(new ProducerRecord<>(Topics.REMOTE_DELIVERIES, "remote.net",
                                EventCodec.encode(delivery))).get();
                    }

                    List<DeliveryResult> results;
                    try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), Topics.DELIVERY_RESULTS)) {
                        results = reader.awaitMatch(r -> queueId.equals(r.key()), Duration.ofSeconds(60)).stream()
                                .filter(r -> queueId.equals(r.key()))
                                .map(r -> EventCodec.decode(r.value(), DeliveryResult.class))
                                .toList();
                    }

                    assertThat(results).hasSize(1);
                    assertThat(results.get(0).outcome()).isEqualTo(DeliveryResult.Outcome.DEFERRED);
                    assertThat(results.get(0).recipient()).isEqualTo("x@remote.net");
                    assertThat(results.get(0).detail()).isEqualTo(RemoteDeliveryHandler.NOT_IMPLEMENTED);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    // The counter moves just after the result's ack.
                    await().atMost(Duration.ofSeconds(5)).until(() -> meters
                            .counter("paperpath.delivery.remote.deliveries", "result", "deferred").count() == 1.0);
                    HealthIndicator health = context.getBean("deliveryRemoteHealth", HealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                });
    }
}
