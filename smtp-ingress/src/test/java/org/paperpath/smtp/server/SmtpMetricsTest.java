package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;

class SmtpMetricsTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void theDataLatencyPublishesAPercentileHistogram() {
        AtomicBoolean histogram = new AtomicBoolean();
        meters.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals("paperpath.smtp.data.latency")) {
                    histogram.set(Boolean.TRUE.equals(config.isPercentileHistogram()));
                }
                return config;
            }
        });
        new SmtpMetrics(meters);
        assertThat(histogram).isTrue();
    }

    @Test
    void anIdleServerExportsZerosForEveryKnownTag() {
        new SmtpMetrics(meters);

        assertThat(meters.get("paperpath.smtp.sessions").tag("listener", "submissions").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.commands").tag("verb", "AUTH").tag("reply", "5xx").counter().count())
                .isZero();
        assertThat(meters.get("paperpath.smtp.commands").tag("verb", "LINE_TOO_LONG").tag("reply", "5xx").counter()
                .count()).isZero();
        assertThat(meters.get("paperpath.smtp.commands").tag("verb", "EXPN").tag("reply", "5xx").counter().count())
                .isZero();
        assertThat(meters.get("paperpath.smtp.commands").counters()).hasSize(17 * 4);
        assertThat(meters.get("paperpath.smtp.tls.handshakes").tag("result", "failure").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.auth").tag("result", "throttled").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.messages.accepted").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.messages.rejected").tag("reason", "storage").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.bytes.received").tag("listener", "smtp").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.data.latency").tag("reply", "2xx").timer().count()).isZero();
        assertThat(meters.get("paperpath.smtp.proxy").tag("result", "timeout").counter().count()).isZero();
        assertThat(meters.get("paperpath.smtp.connections.refused").tag("limit", "per-ip").counter().count()).isZero();
    }

    @Test
    void aMessageMovesBytesAndTheDataLatencyFromItsEndToTheReply() {
        InMemoryMessageSink sink = new InMemoryMessageSink();
        EmbeddedChannel channel = SmtpTestChannels.open(new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10),
                SmtpTestChannels.directory(true), sink, meters);
        sink.holdCommits();
        send(channel, "EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
                + "Subject: x\r\n\r\nhello\r\n.\r\n");
        clock.add(Duration.ofMillis(250));
        sink.releaseCommits();
        assertThat(received(channel)).endsWith("250 2.0.0 Ok: queued as " + sink.queued().get(0).queueId().value()
                + "\r\n");

        String body = new String(sink.queued().get(0).body(), StandardCharsets.UTF_8);
        long content = body.length() - body.indexOf("Subject: x");
        assertThat(meters.get("paperpath.smtp.bytes.received").tag("listener", "smtp").counter().count())
                .isEqualTo(content);
        Timer latency = meters.get("paperpath.smtp.data.latency").tag("reply", "2xx").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
        assertThat(meters.get("paperpath.smtp.commands").tag("verb", "DATA").tag("reply", "3xx").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("paperpath.smtp.commands").tag("verb", "DATA").tag("reply", "2xx").counter().count())
                .isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void aRefusedMessageIsTimedUnderItsReplyClass() {
        InMemoryMessageSink sink = new InMemoryMessageSink();
        EmbeddedChannel channel = SmtpTestChannels.open(new SmtpSettings(SmtpTestChannels.HOSTNAME, 10, 10, 10),
                SmtpTestChannels.directory(true), sink, meters);
        send(channel, "EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n"
                + "Subject: far too long for ten octets\r\n.\r\n");
        assertThat(received(channel)).endsWith("552 5.3.4 Message size exceeds fixed maximum message size\r\n");

        assertThat(meters.get("paperpath.smtp.data.latency").tag("reply", "5xx").timer().count()).isEqualTo(1);
        assertThat(meters.get("paperpath.smtp.messages.rejected").tag("reason", "size").counter().count()).isEqualTo(1);
        assertThat(meters.get("paperpath.smtp.bytes.received").tag("listener", "smtp").counter().count())
                .isEqualTo("Subject: far too long for ten octets\r\n".length());
        channel.finishAndReleaseAll();
    }
}
