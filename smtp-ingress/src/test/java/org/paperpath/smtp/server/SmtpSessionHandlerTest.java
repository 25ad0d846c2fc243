package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperpath.protocol.server.ShutdownRequested;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.queue.QueueOutcome;

class SmtpSessionHandlerTest {

    private static final String ENVELOPE = "HELO client.test\r\nMAIL FROM:<sender@remote.test>\r\n"
            + "RCPT TO:<alice@example.test>\r\nDATA\r\n";

    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = SmtpTestChannels.open(
            new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 100, 10), SmtpTestChannels.directory(true), sink, meters);

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptedBodyIsTheReceivedHeaderThenTheUnstuffedContent() {
        send(channel, ENVELOPE + "Subject: x\r\n\r\n..dot\r\nbare\nlf\r\n.\r\n");
        String replies = received(channel);
        assertThat(sink.queued()).hasSize(1);
        InMemoryMessageSink.Stored stored = sink.queued().get(0);
        assertThat(replies).endsWith("250 2.0.0 Ok: queued as " + stored.queueId().value() + "\r\n");
        String body = new String(stored.body(), StandardCharsets.UTF_8);
        assertThat(body).matches("(?s)Received: from client\\.test \\(embedded\\)\r\n"
                + "\tby mx\\.test \\(Paperpath\\) with SMTP id " + stored.queueId().value() + "\r\n"
                + "\tfor <alice@example\\.test>; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n"
                + "Subject: x\r\n\r\n\\.dot\r\nbare\nlf\r\n");
        assertThat(stored.envelope().recipients()).hasSize(1);
        assertThat(meters.counter("paperpath.smtp.messages.accepted").count()).isEqualTo(1);
        assertThat(meters.counter("paperpath.smtp.sessions", "listener", "smtp").count()).isEqualTo(1);
        assertThat(meters.counter("paperpath.smtp.commands", "verb", "RCPT", "reply", "2xx").count()).isEqualTo(1);
    }

    @Test
    void queueFailureAnswers451AndQueuesNothing() {
        sink.failCommitsWith(QueueOutcome.Reason.QUEUE);
        send(channel, ENVELOPE + "Subject: x\r\n.\r\n");
        assertThat(received(channel)).endsWith("451 4.3.0 queue unavailable, try again later\r\n");
        assertThat(sink.queued()).isEmpty();
        assertThat(sink.openTransactions()).isZero();
        assertThat(meters.counter("paperpath.smtp.messages.rejected", "reason", "queue").count()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void spoolFailureAnswers451() {
        sink.failCommitsWith(QueueOutcome.Reason.SPOOL);
        send(channel, ENVELOPE + "Subject: x\r\n.\r\n");
        assertThat(received(channel)).endsWith("451 4.3.0 Local error in processing, try again later\r\n");
        assertThat(sink.queued()).isEmpty();
    }

    @Test
    void commandsSentWhileTheQueueDecidesAreAnsweredAfterTheDataReply() {
        sink.holdCommits();
        send(channel, ENVELOPE + "Subject: x\r\n.\r\nNOOP\r\nQUIT\r\n");
        assertThat(received(channel)).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
        sink.releaseCommits();
        String replies = received(channel);
        assertThat(replies).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{24}\r\n250 2\\.0\\.0 Ok\r\n221 .*\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shutdownOfAnIdleSessionAnswers421AndCloses() {
        send(channel, "HELO client.test\r\n");
        received(channel);
        channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        assertThat(received(channel)).isEqualTo("421 4.3.2 Service shutting down\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shutdownDuringDataLetsTheMessageFinishThenAnswers421() {
        send(channel, ENVELOPE + "Subject: x\r\n");
        received(channel);
        channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        send(channel, "body\r\n.\r\n");
        assertThat(received(channel)).matches("250 2\\.0\\.0 Ok: queued as [0-9A-F]{24}\r\n"
                + "421 4\\.3\\.2 Service shutting down\r\n");
        assertThat(sink.queued()).hasSize(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shutdownWhileTheQueueDecidesWaitsForTheReplyThenAnswers421() {
        sink.holdCommits();
        send(channel, ENVELOPE + "Subject: x\r\n.\r\n");
        received(channel);
        channel.pipeline().fireUserEventTriggered(ShutdownRequested.INSTANCE);
        assertThat(channel.isOpen()).isTrue();
        sink.releaseCommits();
        assertThat(received(channel)).matches("250 .*\r\n421 4\\.3\\.2 Service shutting down\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void idleSessionIsClosedWith421AndItsPartialMessageDiscarded() {
        send(channel, ENVELOPE + "Subject: x\r\n");
        received(channel);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(received(channel)).isEqualTo("421 4.4.2 Idle timeout, closing connection\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(sink.openTransactions()).isZero();
        assertThat(sink.queued()).isEmpty();
    }

    @Test
    void oversizedMessageIsRefusedAfterTheDataAndTheSessionContinues() {
        send(channel, ENVELOPE + ("x".repeat(98) + "\r\n").repeat(11) + ".\r\nNOOP\r\n");
        assertThat(received(channel)).endsWith(
                "552 5.3.4 Message size exceeds fixed maximum message size\r\n250 2.0.0 Ok\r\n");
        assertThat(sink.queued()).isEmpty();
        assertThat(sink.openTransactions()).isZero();
        assertThat(meters.counter("paperpath.smtp.messages.rejected", "reason", "size").count()).isEqualTo(1);
    }

    @Test
    void droppedConnectionDuringDataLeavesNothing() {
        send(channel, ENVELOPE + "Subject: x\r\n");
        channel.close();
        assertThat(sink.openTransactions()).isZero();
        assertThat(sink.queued()).isEmpty();
    }
}
