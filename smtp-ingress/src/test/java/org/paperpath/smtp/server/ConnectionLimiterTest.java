package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

    private EmbeddedChannel open(ConnectionLimiter limiter) {
        EmbeddedChannel channel = SmtpTestChannels.open(new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10),
                SmtpTestChannels.directory(true), sink, meters, limiter);
        channels.add(channel);
        return channel;
    }
}
