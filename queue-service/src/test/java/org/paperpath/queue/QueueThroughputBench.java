package org.paperpath.queue;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.kafka.PaperpathTopics;
import org.paperpath.kafka.ReliableProducers;
import org.paperpath.kafka.TopicProvisioner;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Not a test: a bounded loop for the report. {@code MESSAGES} accepted messages for one local mailbox
 * are queued first, then the production wiring of queue-service drains them against an embedded
 * broker; prints messages per second (until every offset is committed). Runs only with
 * {@code -Dpaperpath.bench=true}; it asserts nothing about time.
 */
class QueueThroughputBench {

    private static final int MESSAGES = 2000;

    @TempDir
    Path data;

    @Test
    void drainAcceptedMessages() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("paperpath.bench"), "set -Dpaperpath.bench=true to run");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PaperpathTopics.PARTITIONS);
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        TopicProvisioner.ensure(bootstrap, PaperpathTopics.ALL);
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("mailbox:alice@example.org",
                new DirectoryEvent.MailboxUpserted(1, "alice@example.org", "example.org", "alice", true));
        directory.markCaughtUp();
        Spool spool = new Spool(data.resolve("spool"));
        try (KafkaProducer<String, byte[]> producer = ReliableProducers.create(bootstrap, "bench", Duration.ofSeconds(30))) {
            for (int i = 0; i < MESSAGES; i++) {
                QueueId id = QueueId.generate();
                String ref;
                try (SpoolWriter writer = spool.create(id)) {
                    writer.write("Subject: bench\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
                    ref = writer.commit();
                }
                MessageAccepted m = new MessageAccepted(MessageAccepted.VERSION, id.value(), "s@remote.net",
                        List.of("alice@example.org"), ref, 20, Instant.now(), "192.0.2.1", "bench");
                producer.send(new ProducerRecord<>(Topics.ACCEPTED, m.queueId(), EventCodec.encode(m)));
            }
            producer.flush();
        }
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin client = Admin.create(admin)) {
            new ApplicationContextRunner()
                    .withBean(Directory.class, () -> directory)
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withUserConfiguration(QueueServiceConfiguration.class)
                    .withPropertyValues("paperpath.kafka.bootstrap-servers=" + bootstrap,
                            "paperpath.data-dir=" + data, "paperpath.hostname=bench")
                    .run(context -> {
                        long[] start = {0};
                        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                            long done = committed(client);
                            if (start[0] == 0 && done > 0) {
                                start[0] = System.nanoTime();
                            }
                            return done >= MESSAGES;
                        });
                        double seconds = (System.nanoTime() - start[0]) / 1e9;
                        System.out.printf("BENCH queue-service drained %d accepted messages in %.2f s: %.0f msg/s "
                                + "(from the first committed offset)%n", MESSAGES, seconds, MESSAGES / seconds);
                    });
        } finally {
            broker.destroy();
        }
    }

    private static long committed(Admin client) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = client
                .listConsumerGroupOffsets(QueueServiceConfiguration.GROUP).partitionsToOffsetAndMetadata().get();
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            if (e.getKey().topic().equals(Topics.ACCEPTED) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }
}
