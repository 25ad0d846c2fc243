package org.paperpath.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone system as a child JVM, started the way a user starts the jar (same main class, same
 * class path), so a test can stop it with SIGTERM or kill it with SIGKILL and start it again on the
 * same data folder with the same ports.
 */
final class StandaloneProcess implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    final Path dataDir;
    final int httpPort;
    final int smtpPort;
    final int submissionPort;
    final int smtpsPort;
    final int pop3Port;
    final int imapPort;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final int postgresPort;
    private final Path logFile;
    private Process process;
    private int starts;

    StandaloneProcess(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        // Every port the child listens on is chosen here, below the ephemeral range, by the one JVM
        // that knows which it handed out already (FreePorts): the child draws none of its own.
        this.httpPort = FreePorts.take();
        this.smtpPort = FreePorts.take();
        this.submissionPort = FreePorts.take();
        this.smtpsPort = FreePorts.take();
        this.pop3Port = FreePorts.take();
        this.imapPort = FreePorts.take();
        this.kafkaPort = FreePorts.take();
        this.kafkaControllerPort = FreePorts.take();
        this.postgresPort = FreePorts.take();
        // Logs outlive the temporary data folder so a failure can be read after the test.
        Path logs = Path.of("target", "standalone-logs");
        Files.createDirectories(logs);
        this.logFile = logs.resolve(dataDir.getParent().getFileName() + "-" + dataDir.getFileName() + ".log").toAbsolutePath();
    }

    /** Starts the system and waits until {@code /actuator/health} says UP. */
    StandaloneProcess start() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                PaperpathApplication.class.getName(),
                "--server.port=" + httpPort,
                "--paperpath.smtp.port=" + smtpPort,
                "--paperpath.smtp.submission-port=" + submissionPort,
                "--paperpath.smtp.smtps-port=" + smtpsPort,
                "--paperpath.pop3.port=" + pop3Port,
                "--paperpath.imap.port=" + imapPort,
                "--paperpath.standalone.kafka-port=" + kafkaPort,
                "--paperpath.standalone.kafka-controller-port=" + kafkaControllerPort,
                "--paperpath.standalone.postgres-port=" + postgresPort,
                "--paperpath.smtp.bind-address=127.0.0.1",
                "--paperpath.pop3.bind-address=127.0.0.1",
                "--paperpath.imap.bind-address=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("PAPERPATH_DATA_DIR", dataDir.toString());
        builder.environment().put("PAPERPATH_ADMIN_TOKEN", ADMIN_TOKEN);
        process = builder.start();
        starts++;
        awaitHealthy(Duration.ofSeconds(150));
        return this;
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("paperpath exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().startsWith("{") && response.body().contains("\"status\":\"UP\"}")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("paperpath not healthy after " + timeout + " (start " + starts + "): " + last
                + "; see " + logFile);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already on disk. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or Kubernetes would stop it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("paperpath did not stop within 90 s of SIGTERM; see " + logFile);
        }
        return process.exitValue();
    }

    Path logFile() {
        return logFile;
    }

    /** The REST API with the admin token. */
    AdminApi admin() {
        return new AdminApi(httpPort, ADMIN_TOKEN);
    }

    /** Stops gracefully so the child's PostgreSQL goes with it; a test that killed it restarted it first. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
