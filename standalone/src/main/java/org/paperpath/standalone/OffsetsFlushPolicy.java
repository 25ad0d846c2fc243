package org.paperpath.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exempts the consumer offsets topic from the one-machine broker's flush of every record
 * ({@code log.flush.interval.messages=1}), which is there so that an acknowledged mail record is on
 * disk. A committed offset needs no such care: every consumer of Paperpath handles a record it has
 * seen again (DESIGN.md invariant 2), so an offset lost to a power cut only means some records are
 * read twice. Flushing it cost three syncs (log and both indexes) per commit, and every consumer
 * commits after every poll: two or three commits per message, each competing for the file system's
 * journal with the spool and Maildir fsyncs a client waits for.
 *
 * <p>The broker creates {@code __consumer_offsets} when the first consumer group asks for its
 * coordinator, so the setting is applied from a background thread as soon as the topic exists (and
 * at once on a restart, where it exists already; setting it again changes nothing).
 */
final class OffsetsFlushPolicy implements Runnable {

    static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final Logger log = LoggerFactory.getLogger(OffsetsFlushPolicy.class);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 200;

    private final String bootstrapServers;

    private OffsetsFlushPolicy(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the daemon thread that applies the policy once the topic exists. */
    static void applyInBackground(String bootstrapServers) {
        Thread thread = new Thread(new OffsetsFlushPolicy(bootstrapServers), "kafka-offsets-flush-policy");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "paperpath-offsets-flush-policy");
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (tryApply(admin)) {
                    log.info("{}: flushed by the OS, not after every commit (offsets are safe to lose: consumers"
                            + " are idempotent)", OFFSETS_TOPIC);
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            log.warn("{} did not appear within {}; it keeps the broker's flush of every record", OFFSETS_TOPIC,
                    GIVE_UP_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("cannot change the flush policy of {}; it keeps the broker's flush of every record: {}",
                    OFFSETS_TOPIC, e.toString());
        }
    }

    /** Sets the topic's flush interval to "never by Kafka"; false while the topic does not exist yet. */
    private static boolean tryApply(Admin admin) throws InterruptedException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, OFFSETS_TOPIC);
        AlterConfigOp noForcedFlush = new AlterConfigOp(
                new ConfigEntry(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Long.toString(Long.MAX_VALUE)),
                AlterConfigOp.OpType.SET);
        try {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(noForcedFlush))).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            log.debug("altering {} failed, will retry: {}", OFFSETS_TOPIC, e.getCause().toString());
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }
}
