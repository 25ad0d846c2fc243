package org.paperpath.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Writes of the batch in hand are sent without waiting and kept in a staged view that
 * {@link #get} reads first, so a later record of the same batch sees them (a message accepted and
 * its result in one poll). They reach the committed view only by {@link #commitBatch}, once every
 * ack of the batch came in, so the committed view never holds what a restart would not find. A
 * failed batch is {@link #discardBatch discarded}; if it sent anything, queue-state may hold part of
 * it, so the store {@link #markStale marks itself stale} and reads its partitions again from
 * queue-state before the next batch, as a member taking over after a crash would.
 * Used by the consumer thread only, except {@link #size()}.
 */
final class QueueStateStore {

    private static final Logger log = LoggerFactory.getLogger(QueueStateStore.class);

    private final String bootstrapServers;
    private final BatchWrites writes;
    private volatile Map<Integer, Map<String, QueueEntry>> partitions = new ConcurrentHashMap<>();
    /** The batch's writes not acked yet, by partition and queue id; an empty Optional is a tombstone. */
    private final Map<Integer, Map<String, Optional<QueueEntry>>> staged = new HashMap<>();
    private boolean stale;

    QueueStateStore(String bootstrapServers, Producer<String, byte[]> producer, Duration sendTimeout) {
        this(bootstrapServers, new BatchWrites(producer, sendTimeout));
    }

    QueueStateStore(String bootstrapServers, BatchWrites writes) {
        this.bootstrapServers = bootstrapServers;
        this.writes = writes;
    }

    /** The writes every record of a batch goes through, deliveries included. */
    BatchWrites writes() {
        return writes;
    }

    /** The entry as the batch in hand left it, else as committed; null if none. */
    QueueEntry get(int partition, String queueId) {
        Map<String, Optional<QueueEntry>> batch = staged.get(partition);
        if (batch != null && batch.containsKey(queueId)) {
            return batch.get(queueId).orElse(null);
        }
        Map<String, QueueEntry> entries = partitions.get(partition);
        return entries == null ? null : entries.get(queueId);
    }

    /** Sends {@code entry} to queue-state without waiting and stages it for the rest of the batch. */
    void put(int partition, QueueEntry entry) {
        writes.sendState(new ProducerRecord<>(Topics.QUEUE_STATE, partition, entry.queueId(), QueueEntryCodec.encode(entry)));
        staged.computeIfAbsent(partition, p -> new HashMap<>()).put(entry.queueId(), Optional.of(entry));
    }

    /** Sends a tombstone for {@code queueId} without waiting and stages its removal. */
    void remove(int partition, String queueId) {
        writes.sendState(new ProducerRecord<>(Topics.QUEUE_STATE, partition, queueId, null));
        staged.computeIfAbsent(partition, p -> new HashMap<>()).put(queueId, Optional.empty());
    }

    /** Every staged write was acked: the committed view takes them over. */
    void commitBatch() {
        staged.forEach((partition, batch) -> {
            Map<String, QueueEntry> entries = partitions.computeIfAbsent(partition, p -> new ConcurrentHashMap<>());
            batch.forEach((queueId, entry) -> {
                if (entry.isPresent()) {
                    entries.put(queueId, entry.get());
                } else {
                    entries.remove(queueId);
                }
            });
        });
        staged.clear();
    }

    /** The batch failed: its staged writes are forgotten; the committed view is as before it. */
    void discardBatch() {
        staged.clear();
    }

    /** queue-state may hold writes the committed view lacks: read it again before the next batch. */
    void markStale() {
        stale = true;
    }

    /**
     * Reads this member's partitions again from queue-state if a failed batch left the view stale;
     * throws (and stays stale) if the topic cannot be read now.
     */
    void refreshIfStale() {
        if (stale) {
            List<TopicPartition> held = new ArrayList<>();
            for (int n : partitions.keySet()) {
                held.add(new TopicPartition(Topics.QUEUE_STATE, n));
            }
            log.info("queue state re-read after a failed batch");
            rebuild(held);
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
        staged.clear();
        Map<Integer, Map<String, QueueEntry>> read = new ConcurrentHashMap<>();
        List<TopicPartition> state = new ArrayList<>();
        for (int n : numbers) {
            state.add(new TopicPartition(Topics.QUEUE_STATE, n));
            read.put(n, new ConcurrentHashMap<>());
        }
        if (!numbers.isEmpty()) {
            try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(readerProperties())) {
                reader.assign(state);
                reader.seekToBeginning(state);
                Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(state, Duration.ofSeconds(30)));
                while (!caughtUp(reader, end)) {
                    for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                        apply(read, record);
                    }
                }
            }
        }
        partitions = read;
        stale = false;
        log.info("queue state rebuilt for partitions {}: {} entries", numbers, size());
    }

    private static void apply(Map<Integer, Map<String, QueueEntry>> partitions, ConsumerRecord<String, byte[]> record) {
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
}
