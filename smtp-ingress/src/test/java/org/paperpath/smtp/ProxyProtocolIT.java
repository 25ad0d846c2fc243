package org.paperpath.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.protocol.server.SelfSignedPem;
import org.paperpath.protocol.server.TlsContextProvider;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.server.ConnectionLimiter;
import org.paperpath.smtp.server.ListenerSecurity;
import org.paperpath.smtp.server.SmtpChannelInitializer;
import org.paperpath.smtp.server.SmtpIngressServer;
import org.paperpath.smtp.server.SmtpMetrics;
import org.paperpath.smtp.server.SmtpSessionContext;

/**
 * The open-relay scenario of a load balancer in front of the MX (the Mailu chart's): a PROXY header
 * claiming an address in the relay networks relays only when the TCP peer is a trusted proxy.
 * Over real sockets from 127.0.0.1, which is itself never in the relay networks.
 */
class ProxyProtocolIT {

    private static final String RELAY_CLIENT = "198.51.100.7";
    private static final NetworkList RELAY_NETWORKS = NetworkList.parse(List.of("198.51.100.0/24"), "relay");
    private static final String HEADER = "PROXY TCP4 " + RELAY_CLIENT + " 127.0.0.1 40123 25\r\n";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private SmtpIngressServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void headerFromTrustedProxyClaimingARelayNetworkIsRelayed() throws Exception {
        int port = start("127.0.0.0/8");
        try (SmtpClient client = new SmtpClient(port)) {
            client.write(HEADER);
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.command("EHLO client.test")).startsWith("250-");
            assertThat(client.command("MAIL FROM:<app@client.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
            assertThat(client.command("DATA")).startsWith("354 ");
            assertThat(client.command("Subject: via the proxy\r\n\r\nhello\r\n.")).startsWith("250 2.0.0 Ok: queued as ");
        }
        InMemoryMessageSink.Stored stored = sink.queued().get(0);
        assertThat(stored.envelope().clientAddress()).isEqualTo(RELAY_CLIENT);
        assertThat(new String(stored.body(), StandardCharsets.UTF_8)).contains("(" + RELAY_CLIENT + ")");
        assertThat(meters.counter("paperpath.smtp.proxy", "result", "proxied").count()).isEqualTo(1);
    }

    @Test
    void sameHeaderFromAnUntrustedPeerIsABadCommandAndRelayIsRefused() throws Exception {
        int port = start("192.0.2.0/24");
        try (SmtpClient client = new SmtpClient(port)) {
            client.write(HEADER);
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.reply()).isEqualTo("500 5.5.2 Command not recognized");
            assertThat(client.command("EHLO client.test")).startsWith("250-");
            assertThat(client.command("MAIL FROM:<app@client.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>"))
                    .isEqualTo("554 5.7.1 <someone@elsewhere.test>: relay access denied");
        }
        assertThat(sink.queued()).isEmpty();
        assertThat(meters.counter("paperpath.smtp.proxy", "result", "proxied").count()).isZero();
    }

    @Test
    void trustedPeerWithoutHeaderIsClosedUngreeted() throws Exception {
        int port = start("127.0.0.0/8");
        try (SmtpClient client = new SmtpClient(port)) {
            client.write("EHLO client.example.test\r\n");
            assertThat(client.reply()).as("closed without a greeting").isNull();
        }
        // The count happens on the event loop right after the close the client saw: stopping waits for it.
        server.stop();
        assertThat(meters.counter("paperpath.smtp.proxy", "result", "invalid").count()).isEqualTo(1);
    }

    @Test
    void behindATrustedProxyTheHeaderComesBeforeTheImplicitTlsHandshake(@TempDir Path dir) throws Exception {
        SelfSignedPem.write(dir.resolve("cert.pem"), dir.resolve("key.pem"), "mx.test");
        TlsContextProvider tls = new TlsContextProvider(dir.resolve("cert.pem"), dir.resolve("key.pem"),
                Duration.ofMinutes(1), Clock.systemUTC());
        int port = start("127.0.0.0/8", new ListenerSecurity(Optional.of(tls), true, Optional.empty(), "smtp", false,
                NetworkList.none(), RELAY_NETWORKS, Runnable::run));
        try (SmtpClient client = SmtpClient.implicitTlsAfter(port, HEADER.getBytes(StandardCharsets.US_ASCII))) {
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.command("EHLO client.test")).startsWith("250-");
            assertThat(client.command("MAIL FROM:<app@client.test>")).startsWith("250 ");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).isEqualTo("250 2.1.5 Ok");
        }
    }

    private int start(String trustedProxies) {
        return start(trustedProxies, new ListenerSecurity(Optional.empty(), false, Optional.empty(), "smtp", false,
                NetworkList.none(), RELAY_NETWORKS, Runnable::run));
    }

    private int start(String trustedProxies, ListenerSecurity security) {
        InMemoryDirectory directory = new InMemoryDirectory();
        DirectoryEvent.DomainUpserted domain = new DirectoryEvent.DomainUpserted(1, "example.test", true);
        directory.apply(domain.key(), domain);
        directory.markCaughtUp();
        SmtpSettings settings = new SmtpSettings("mx.test", 10_000, 10, 10);
        SmtpMetrics metrics = new SmtpMetrics(meters);
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, directory), sink, metrics, Clock.systemUTC(), security);
        ProxyProtocol proxy = new ProxyProtocol(NetworkList.parse(List.of(trustedProxies), "trusted"),
                Duration.ofSeconds(10), metrics::proxyHeader);
        SmtpChannelInitializer initializer = new SmtpChannelInitializer(context, Duration.ofMinutes(1),
                new ConnectionLimiter(100, 10, metrics), proxy);
        server = new SmtpIngressServer("127.0.0.1", List.of(new SmtpIngressServer.Endpoint("smtp", 0, initializer)),
                () -> { }, Duration.ZERO, meters);
        server.start();
        return server.port("smtp");
    }
}
