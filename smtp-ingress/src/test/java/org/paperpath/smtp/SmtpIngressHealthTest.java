package org.paperpath.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.server.ConnectionLimiter;
import org.paperpath.smtp.server.SmtpChannelInitializer;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.smtp.server.SmtpMetrics;
import org.paperpath.smtp.server.SmtpSessionContext;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class SmtpIngressHealthTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final SmtpIngressServer server = server();
    private final HealthIndicator health = new SmtpIngressConfiguration().smtpIngressHealth(server, directory);

    @Test
    void upOnlyWithBoundListenersAndACaughtUpDirectory() {
        directory.markCaughtUp();
        assertThat(health.health().getStatus()).as("not started").isEqualTo(Status.DOWN);
        server.start();
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            server.stop();
        }
        assertThat(health.health().getStatus()).as("stopped").isEqualTo(Status.DOWN);
    }

    @Test
    void downWhileTheDirectoryIsCatchingUp() {
        server.start();
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("directoryCaughtUp", false);
        } finally {
            server.stop();
        }
    }

    private SmtpIngressServer server() {
        SmtpSettings settings = new SmtpSettings("mx.test", 1000, 100, 10);
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, directory), new InMemoryMessageSink(), new SmtpMetrics(meters),
                Clock.systemUTC());
        return new SmtpIngressServer("127.0.0.1",
                List.of(new SmtpIngressServer.Endpoint("smtp", 0, new SmtpChannelInitializer(context, Duration.ofMinutes(1),
                            new ConnectionLimiter(1000, 20, context.metrics())))),
                () -> { }, Duration.ZERO, meters);
    }
}
