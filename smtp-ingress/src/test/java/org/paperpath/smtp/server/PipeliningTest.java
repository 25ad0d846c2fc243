package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;

/** RFC 2920: replies come in order, and a group of commands is answered with one flush. */
class PipeliningTest {

    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final EmbeddedChannel channel = SmtpTestChannels.open(
            new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 100, 10), SmtpTestChannels.directory(true), sink,
            new SimpleMeterRegistry());
    private int flushes;

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aPipelinedGroupIsAnsweredInOrderWithOneFlush() {
        received(channel);
        countFlushes();
        send(channel, "EHLO client.test\r\n");
        received(channel);
        flushes = 0;
        send(channel, "MAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                + "RCPT TO:<postmaster@example.test>\r\nDATA\r\n");
        assertThat(received(channel)).isEqualTo("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                + "550 5.1.1 <nobody@example.test>: mailbox unavailable\r\n250 2.1.5 Ok\r\n"
                + "354 End data with <CR><LF>.<CR><LF>\r\n");
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void commandsSentDuringTheQueueWaitAreAnsweredAfterTheQueueReply() {
        sink.holdCommits();
        send(channel, "EHLO client.test\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
        received(channel);
        send(channel, "x\r\n.\r\nMAIL FROM:<s@remote.test>\r\nNOOP\r\n");
        assertThat(received(channel)).isEmpty();
        countFlushes();
        sink.releaseCommits();
        assertThat(received(channel)).matches("250 2\\.0\\.0 Ok: queued as \\w+\r\n250 2\\.1\\.0 Ok\r\n250 2\\.0\\.0 Ok\r\n");
        assertThat(flushes).isEqualTo(1);
    }

    private void countFlushes() {
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        });
    }
}
