package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.protocol.server.ProxyProtocol;
import org.paperpath.smtp.protocol.SmtpCommandDispatcher;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;

/** Every embedded channel has the same client address, so these also exercise the per-address cap. */
class ConnectionLimiterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void oneConnectionOverTheGlobalLimitHears421AndIsClosedBeforeAnySession() {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 20, new SmtpMetrics(meters));
        assertThat(received(open(limiter))).startsWith("220 ");
        assertThat(received(open(limiter))).startsWith("220 ");
        EmbeddedChannel third = open(limiter);
        assertThat(received(third)).isEqualTo("421 4.7.0 Too many connections, try again later\r\n");
        assertThat(third.isOpen()).isFalse();
        assertThat(meters.counter("paperpath.smtp.connections.refused", "limit", "global").count()).isEqualTo(1);
        assertThat(meters.counter("paperpath.smtp.sessions", "listener", "smtp").count()).isEqualTo(2);
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void thePerAddressLimitAppliesAndAClosedConnectionFreesItsPlace() {
        ConnectionLimiter limiter = new ConnectionLimiter(1000, 2, new SmtpMetrics(meters));
        EmbeddedChannel first = open(limiter);
        open(limiter);
        EmbeddedChannel refused = open(limiter);
        assertThat(received(refused)).startsWith("421 4.7.0 Too many connections from your address");
        assertThat(refused.isOpen()).isFalse();
        assertThat(meters.counter("paperpath.smtp.connections.refused", "limit", "per-ip").count()).isEqualTo(1);

        first.close();
        assertThat(limiter.open()).isEqualTo(1);
        EmbeddedChannel again = open(limiter);
        assertThat(received(again)).startsWith("220 ");
        send(again, "NOOP\r\n");
        assertThat(received(again)).isEqualTo("250 2.0.0 Ok\r\n");
    }

    @Test
    void refusedConnectionsDoNotHoldPlaces() {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 1, new SmtpMetrics(meters));
        EmbeddedChannel first = open(limiter);
        for (int i = 0; i < 5; i++) {
            open(limiter).close();
        }
        first.close();
        assertThat(limiter.open()).isZero();
        assertThat(received(open(limiter))).startsWith("220 ");
    }

    @Test
    void behindATrustedProxyThePerAddressLimitCountsTheRealClients() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(1000, 1, new SmtpMetrics(meters));
        EmbeddedChannel first = throughProxy(limiter, "198.51.100.1");
        EmbeddedChannel other = throughProxy(limiter, "198.51.100.2");
        EmbeddedChannel again = throughProxy(limiter, "198.51.100.1");

        assertThat(received(first)).startsWith("220 ");
        assertThat(received(other)).startsWith("220 ");
        assertThat(received(again)).startsWith("421 4.7.0 Too many connections from your address");
    }

    /** A connection from the proxy 10.0.0.5 whose PROXY header names {@code client}. */
    private EmbeddedChannel throughProxy(ConnectionLimiter limiter, String client) throws Exception {
        SmtpSettings settings = new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10);
        SmtpSessionContext context = new SmtpSessionContext("smtp", settings,
                new SmtpCommandDispatcher(settings, SmtpTestChannels.directory(true)), sink, new SmtpMetrics(meters),
                Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("10.0.0.5", 50000);
            }
        };
        ProxyProtocol proxy = new ProxyProtocol(NetworkList.parse(List.of("10.0.0.0/8"), "test"),
                Duration.ofSeconds(10), outcome -> { });
        new SmtpChannelInitializer(context, Duration.ofMinutes(5), limiter, proxy).configure(channel.pipeline());
        channel.register();
        channels.add(channel);
        send(channel, "PROXY TCP4 " + client + " 192.0.2.1 40000 25\r\n");
        return channel;
    }

    private EmbeddedChannel open(ConnectionLimiter limiter) {
        EmbeddedChannel channel = SmtpTestChannels.open(new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10),
                SmtpTestChannels.directory(true), sink, meters, limiter);
        channels.add(channel);
        return channel;
    }
}
