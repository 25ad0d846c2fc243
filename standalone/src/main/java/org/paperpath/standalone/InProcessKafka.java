package org.paperpath.standalone;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: KRaft, combined broker and controller, one node, its log under
 * the data folder. With no replica to fall back on, it flushes every record to disk before it
 * acknowledges it ({@code log.flush.interval.messages=1}): an acks=all answer means "on disk".
 * Consumer offsets are the exception ({@link OffsetsFlushPolicy}): losing one only repeats records.
 * Uses Kafka's internal server classes, which is why the Kafka version is pinned.
 */
final class InProcessKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessKafka.class);
    private static final String CONTROLLER = "CONTROLLER";
    static final int INDEX_INTERVAL_BYTES = 1 << 20;

    private final KafkaRaftServer server;
    private final int port;

    private InProcessKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code logDir} if it is new, then starts the broker on {@code port} and its controller on
     * {@code controllerPort} (0 = a free port, {@link FreePorts}).
     */
    static InProcessKafka start(Path logDir, int port, int controllerPort) throws Exception {
        Files.createDirectories(logDir);
        int brokerPort = port == 0 ? FreePorts.take() : port;
        if (controllerPort == 0) {
            controllerPort = FreePorts.take();
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.put("num.partitions", "6");
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", "1");
        // A flush syncs the segment and both its indexes (msync), and a 4 KiB record dirties an index
        // page on every append at the default interval (4096 bytes): three journal commits per record.
        // Indexes are rebuilt from the log after an unclean shutdown anyway; a sparser index only makes
        // a fetch scan a little further from the nearest entry.
        props.put("log.index.interval.bytes", Integer.toString(INDEX_INTERVAL_BYTES));
        props.put("unclean.leader.election.enable", "false");
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        OffsetsFlushPolicy.applyInBackground("127.0.0.1:" + brokerPort);
        log.info("listening: kafka broker (in-process, KRaft) on 127.0.0.1:{}, log in {}", brokerPort, logDir);
        return new InProcessKafka(server, brokerPort);
    }

    /** Formats a new log directory once; a formatted one keeps its cluster id across restarts. */
    private static void format(KafkaConfig config, Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName(CONTROLLER)
                .run();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("stopped: kafka broker");
    }
}
