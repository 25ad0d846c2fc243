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
        OrphanedPostmaster.stopIfOrphaned(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                // zonky's defaults are for throwaway test databases (-F, synchronous_commit=off); accounts
                // here must survive a power cut, and a later -c wins over -F.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // we stop it ourselves, after the services that use it
                .setRegisterShutdownHook(false)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port == 0 ? FreePorts.take() : port)
                .start();
        log.info("listening: postgresql (embedded) on 127.0.0.1:{}, cluster in {}", postgres.getPort(), dataDir);
        return new InProcessPostgres(postgres);
    }

    /** Reads a server setting, to check what the server really runs with. */
    String setting(String name) throws java.sql.SQLException {
        try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection();
                java.sql.ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
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
