package org.paperpath.directory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Directory} fed by the compacted directory topic. It uses no consumer group: every view
 * reads every partition from the beginning ({@code assign} + {@code seekToBeginning}), so each
 * replica of each service holds the whole directory. It is caught up once its position reaches the
 * end offsets recorded at start, and keeps consuming afterwards so new entries appear within a poll.
 *
 * <p>Call order: {@link #start()} once, then {@link #awaitCaughtUp(Duration)} as needed, then
 * {@link #close()}.
 */
public final class KafkaDirectoryView implements Directory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaDirectoryView.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final InMemoryDirectory state = new InMemoryDirectory();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean running;

    public KafkaDirectoryView(String bootstrapServers) {
        this(bootstrapServers, Topics.DIRECTORY);
    }

    /** A view of {@code topic}; tests use their own topic name. */
    public KafkaDirectoryView(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "paperpath-directory-view");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only committed records: the view must never show an entry a transaction later aborted.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "directory-view");
        this.thread.setDaemon(true);
    }

    /** Starts the reading thread. */
    public void start() {
        running = true;
        thread.start();
    }

    /** Waits until the view is caught up; true if it is. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isCaughtUp() {
        return state.isCaughtUp();
    }

    @Override
    public boolean isLocalDomain(String domain) {
        return state.isLocalDomain(domain);
    }

    @Override
    public Optional<MailboxEntry> mailbox(String address) {
        return state.mailbox(address);
    }

    @Override
    public Recipient resolve(String address) {
        return state.resolve(address);
    }

    @Override
    public void close() {
        if (!thread.isAlive() && !running) {
            consumer.close(Duration.ZERO);
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = new HashMap<>(consumer.endOffsets(partitions, METADATA_TIMEOUT));
            checkCaughtUp(endOffsets);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                if (!endOffsets.isEmpty()) {
                    checkCaughtUp(endOffsets);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("directory view woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            log.error("directory view stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The topic's partitions; waits for its metadata, since a view may start before the topic exists. */
    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.warn("directory topic {} has no partitions yet; waiting", topic);
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    private void checkCaughtUp(Map<TopicPartition, Long> endOffsets) {
        endOffsets.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        if (endOffsets.isEmpty() && !state.isCaughtUp()) {
            state.markCaughtUp();
            caughtUp.countDown();
            log.info("directory view caught up on {}", topic);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("skipping directory record without key at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (record.value() == null) {
            state.apply(record.key(), null);
            return;
        }
        try {
            state.apply(record.key(), EventCodec.decode(record.value(), DirectoryEvent.class));
        } catch (IllegalArgumentException e) {
            log.warn("skipping undecodable directory record {} at {}-{}@{}: {}",
                    record.key(), record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}
