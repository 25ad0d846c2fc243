package org.paperpath.standalone;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.paperpath.protocol.server.SelfSignedPem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Starts Paperpath on one machine: the in-process PostgreSQL and Kafka broker under the data folder,
 * then every service in one Spring context. Stops in the reverse order on SIGTERM or Ctrl-C, so
 * services finish in-flight work and commit their consumers before the broker goes away.
 */
final class Standalone implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    private final InProcessPostgres postgres;
    private final InProcessKafka kafka;
    private volatile ConfigurableApplicationContext context;

    private Standalone(InProcessPostgres postgres, InProcessKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static void run(String[] args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        StandaloneSettings settings;
        try {
            settings = StandaloneSettings.from(env);
        } catch (IllegalArgumentException e) {
            System.err.println("Paperpath cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Standalone standalone = null;
        try {
            java.nio.file.Files.createDirectories(settings.dataDir());
            AdminToken.Resolved admin = AdminToken.resolve(settings.adminToken(), settings.dataDir());
            standalone = new Standalone(
                    InProcessPostgres.start(settings.dataDir().resolve("postgres"), settings.postgresPort()),
                    InProcessKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                            settings.kafkaControllerPort()));
            Standalone running = standalone;
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "paperpath-shutdown"));
            running.startServices(args, settings, admin);
        } catch (Exception e) {
            log.error("Paperpath cannot start: {}", e.getMessage(), e);
            if (standalone != null) {
                standalone.close();
            }
            System.exit(1);
        }
    }

    private void startServices(String[] args, StandaloneSettings settings, AdminToken.Resolved admin) {
        String serviceToken = AdminToken.randomToken();
        Map<String, Object> derived = new HashMap<>();
        derived.put("paperpath.data-dir", settings.dataDir().toString());
        derived.put("paperpath.kafka.bootstrap-servers", kafka.bootstrapServers());
        derived.put("spring.datasource.url", postgres.jdbcUrl());
        derived.put("spring.datasource.username", "postgres");
        derived.put("spring.datasource.password", "postgres");
        derived.put("paperpath.account.admin-token", admin.token());
        derived.put("paperpath.account.service-tokens", serviceToken);
        derived.put("paperpath.account-client.service-token", serviceToken);
        derived.put("paperpath.account-client.base-url", "http://127.0.0.1:" + settings.httpPort());
        SpringApplication app = new SpringApplication(PaperpathApplication.class);
        // Derived from the settings above (or generated), so they outrank every other source.
        app.addInitializers(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("paperpath-standalone", derived)));
        // Below every other source: a certificate the user configured wins over the self-signed one.
        Map<String, Object> tls = selfSignedTls(settings.dataDir(), args);
        app.addInitializers(context -> context.getEnvironment().getPropertySources()
                .addLast(new MapPropertySource("paperpath-standalone-tls", tls)));
        app.setRegisterShutdownHook(false);
        app.setAdditionalProfiles("standalone");
        context = app.run(args);
        if (admin.file() != null) {
            log.info("admin token: in {} (mode 600); set PAPERPATH_ADMIN_TOKEN to choose your own", admin.file());
        } else {
            log.info("admin token: from PAPERPATH_ADMIN_TOKEN");
        }
        log.info("Paperpath is running; data folder {}", settings.dataDir());
    }

    /**
     * STARTTLS and port 2465 out of the box: a self-signed pair under {@code <data>/tls/}, made on the
     * first start, unless the user names a certificate of their own.
     */
    private static Map<String, Object> selfSignedTls(Path dataDir, String[] args) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        if (env.containsProperty("paperpath.smtp.tls.certificate")) {
            return Map.of();
        }
        Path certificate = dataDir.resolve("tls").resolve("cert.pem");
        Path privateKey = dataDir.resolve("tls").resolve("key.pem");
        String hostname = env.getProperty("paperpath.hostname", "");
        if (hostname.isBlank()) {
            try {
                hostname = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                hostname = "localhost";
            }
        }
        if (SelfSignedPem.ensure(certificate, privateKey, hostname)) {
            log.info("TLS: made a self-signed certificate for {} in {}; set paperpath.smtp.tls.certificate and"
                    + " paperpath.smtp.tls.private-key to use a real one", hostname, certificate.getParent());
        }
        return Map.of("paperpath.smtp.tls.certificate", certificate.toString(),
                "paperpath.smtp.tls.private-key", privateKey.toString());
    }

    /** Services first (they drain and commit), then the broker, then the database. */
    @Override
    public synchronized void close() {
        ConfigurableApplicationContext running = context;
        context = null;
        if (running != null && running.isActive()) {
            log.info("stopping services");
            running.close();
        }
        closeQuietly(kafka);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }
}
