package org.paperpath.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.paperpath.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue entries of the partitions this member owns: in memory for routing, on the compacted
 * queue-state topic for durability. Partition <i>n</i> of queue-state belongs with partition
 * <i>n</i> of the accepted and results topics (same key, same partition count), so whoever owns
 * those owns the state too and rebuilds it from the topic when the group hands the partitions over.
 *
 * <p>Writes go to Kafka first (acked) and to memory after, so memory never holds what a restart
 * would not find. Used by the consumer thread only, except {@link #size()}.
 */
final class QueueStateStore {

    private static final Logger log = LoggerFactory.getLogger(QueueStateStore.class);

    private final String bootstrapServers;
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Map<Integer, Map<String, QueueEntry>> partitions = new ConcurrentHashMap<>();

    QueueStateStore(String bootstrapServers, Producer<String, byte[]> producer, Duration sendTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    QueueEntry get(int partition, String queueId) {
        Map<String, QueueEntry> entries = partitions.get(partition);
        return entries == null ? null : entries.get(queueId);
    }

    /** Persists {@code entry} on queue-state (acked), then keeps it in memory. */
    void put(int partition, QueueEntry entry) throws InterruptedException, ExecutionException, TimeoutException {
        send(new ProducerRecord<>(Topics.QUEUE_STATE, partition, entry.queueId(), QueueEntryCodec.encode(entry)));
        partitions.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(entry.queueId(), entry);
    }

    /** Tombstones {@code queueId} on queue-state (acked), then forgets it. */
    void remove(int partition, String queueId) throws InterruptedException, ExecutionException, TimeoutException {
        send(new ProducerRecord<>(Topics.QUEUE_STATE, partition, queueId, null));
        Map<String, QueueEntry> entries = partitions.get(partition);
        if (entries != null) {
            entries.remove(queueId);
        }
    }

    /** Entries in memory, for the gauge. */
    int size() {
        int size = 0;
        for (Map<String, QueueEntry> entries : partitions.values()) {
            size += entries.size();
        }
        return size;
    }

    /**
     * Replaces the in-memory state by what queue-state holds for the partition numbers of
     * {@code assigned} (the whole assignment: the range assignor is eager), reading each partition
     * from its beginning to the end offset seen now, with a group-less consumer.
     */
    void rebuild(Collection<TopicPartition> assigned) {
        Set<Integer> numbers = new java.util.TreeSet<>();
        for (TopicPartition tp : assigned) {
            numbers.add(tp.partition());
        }
        partitions.clear();
        if (numbers.isEmpty()) {
            return;
        }
        List<TopicPartition> state = new ArrayList<>();
        for (int n : numbers) {
            state.add(new TopicPartition(Topics.QUEUE_STATE, n));
            partitions.put(n, new ConcurrentHashMap<>());
        }
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
            reader.assign(state);
            reader.seekToBeginning(state);
            Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(state, Duration.ofSeconds(30)));
            while (!caughtUp(reader, end)) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
            }
        }
        log.info("queue state rebuilt for partitions {}: {} entries", numbers, size());
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Map<String, QueueEntry> entries = partitions.get(record.partition());
        if (record.value() == null) {
            entries.remove(record.key());
            return;
        }
        try {
            entries.put(record.key(), QueueEntryCodec.decode(record.value()));
        } catch (IllegalArgumentException e) {
            log.error("queue-state {}@{} (key {}) is unreadable and ignored: {}", record.partition(), record.offset(),
                    record.key(), e.getMessage());
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (reader.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Properties readerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "paperpath-queue-state-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private void send(ProducerRecord<String, byte[]> record)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
