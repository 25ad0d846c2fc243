package org.paperpath.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An at-least-once consumer on its own thread: poll, hand each record to the handler, commit each
 * record's offset once the handler returned. A failing record is retried (after {@code retryPause})
 * rather than skipped, so nothing is lost; at worst it is processed twice.
 *
 * <p>With a {@link BatchHandler} instead, the whole poll is handed over at once and the offsets of
 * every partition in it are committed together once the handler returned; a failure seeks every
 * partition back to the batch's first record and redoes the batch.
 *
 * <p>The range assignor keeps partition <i>n</i> of every subscribed topic on one member, so a
 * service that reads two topics keyed the same way (queue id) sees both halves of one message.
 */
public final class ConsumerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final RecordHandler handler;
    private final BatchHandler batchHandler;
    private final Duration retryPause;
    private final Consumer<Collection<TopicPartition>> onAssigned;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    public ConsumerLoop(String bootstrapServers, String groupId, String name, List<String> topics,
            RecordHandler handler, Duration retryPause, Consumer<Collection<TopicPartition>> onAssigned) {
        this(bootstrapServers, groupId, name, topics, handler, null, retryPause, onAssigned);
    }

    /**
     * A loop that hands each poll's records to {@code batchHandler} at once (see {@link BatchHandler}).
     * A factory, not a constructor, so that a lambda handler is never ambiguous.
     */
    public static ConsumerLoop batched(String bootstrapServers, String groupId, String name, List<String> topics,
            BatchHandler batchHandler, Duration retryPause, Consumer<Collection<TopicPartition>> onAssigned) {
        return new ConsumerLoop(bootstrapServers, groupId, name, topics, null, batchHandler, retryPause, onAssigned);
    }

    private ConsumerLoop(String bootstrapServers, String groupId, String name, List<String> topics,
            RecordHandler handler, BatchHandler batchHandler, Duration retryPause,
            Consumer<Collection<TopicPartition>> onAssigned) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.batchHandler = batchHandler;
        this.retryPause = retryPause;
        this.onAssigned = onAssigned;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
    }

    public ConsumerLoop(String bootstrapServers, String groupId, String name, List<String> topics, RecordHandler handler) {
        this(bootstrapServers, groupId, name, topics, handler, Duration.ofSeconds(1), partitions -> { });
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(false);
        thread.start();
    }

    /** True once the group has given this member its partitions (possibly none). */
    public boolean isAssigned() {
        return assigned;
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    onAssigned.accept(partitions);
                    assigned = true;
                }
            });
            while (running) {
                processBatch(consumer.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("consumer {} stopped on an unexpected error", name, e);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                running = false;
                stopped.countDown();
            }
        }
    }

    private void processBatch(ConsumerRecords<String, byte[]> records) {
        if (batchHandler != null) {
            processWhole(records);
            return;
        }
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!running) {
                    return;
                }
                if (!handleWithRetry(record)) {
                    consumer.seek(partition, record.offset());
                    pause();
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> offset = new HashMap<>();
                offset.put(partition, new OffsetAndMetadata(record.offset() + 1));
                consumer.commitSync(offset);
            }
        }
    }

    /** The batch handler's path: one call per poll, one commit of every partition's next offset. */
    private void processWhole(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty() || !running) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> some = records.records(partition);
            batch.addAll(some);
            first.put(partition, some.get(0).offset());
            next.put(partition, new OffsetAndMetadata(some.get(some.size() - 1).offset() + 1));
        }
        try {
            batchHandler.handleBatch(batch);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("consumer {}: batch of {} record(s) on {} not processed, will retry: {}", name, batch.size(),
                    first.keySet(), e.toString());
            first.forEach(consumer::seek);
            pause();
            return;
        }
        consumer.commitSync(next);
    }

    private boolean handleWithRetry(ConsumerRecord<String, byte[]> record) {
        try {
            handler.handle(record);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("consumer {}: record {}-{}@{} (key {}) not processed, will retry: {}", name, record.topic(),
                    record.partition(), record.offset(), record.key(), e.toString());
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryPause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling after the record in hand, commits what was processed and leaves the group. */
    @Override
    public void close() {
        running = false;
        if (thread == null) {
            return;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(15, TimeUnit.SECONDS)) {
                log.warn("consumer {} did not stop within 15 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
