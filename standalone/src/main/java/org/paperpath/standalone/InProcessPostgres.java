package org.paperpath.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central, its cluster under the data
 * folder so accounts survive a restart. Only this JVM talks to it, on a loopback port chosen at start.
 */
final class InProcessPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessPostgres.class);

    private final EmbeddedPostgres postgres;

    private InProcessPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static InProcessPostgres start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port == 0 ? InProcessKafka.freePort() : port)
                .start();
        log.info("listening: postgresql (embedded) on 127.0.0.1:{}, cluster in {}", postgres.getPort(), dataDir);
        return new InProcessPostgres(postgres);
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("stopped: postgresql");
    }
}
