package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperpath.protocol.server.NetworkList;
import org.paperpath.smtp.FakeAuthenticator;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.queue.Origin;

/** An authenticated submission carries who sent it, in the envelope and in the Received header. */
class SubmissionIdentityTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final EmbeddedChannel channel = SmtpTestChannels.open(
            new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10), SmtpTestChannels.directory(true), sink, meters,
            new ConnectionLimiter(100, 10, new SmtpMetrics(meters)),
            new ListenerSecurity(Optional.empty(), false, Optional.of(new FakeAuthenticator()), "submission", true,
                    NetworkList.parse(List.of("192.0.2.0/24"), "test"), NetworkList.none(), Runnable::run));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void theAuthenticatedUserIsInTheEnvelopeAndTheReceivedHeader() {
        send(channel, "EHLO client.test\r\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=\r\n"
                + "MAIL FROM:<alice@example.test>\r\nRCPT TO:<someone@elsewhere.test>\r\nDATA\r\n"
                + "Subject: x\r\n\r\nhi\r\n.\r\n");
        assertThat(received(channel)).contains("250 2.0.0 Ok: queued as ");

        InMemoryMessageSink.Stored stored = sink.queued().get(0);
        assertThat(stored.envelope().origin())
                .isEqualTo(new Origin(true, false, Optional.of(FakeAuthenticator.USER)));
        assertThat(new String(stored.body(), StandardCharsets.UTF_8)).startsWith(
                "Received: from client.test (192.0.2.10)\r\n\t(authenticated as alice@example.test)\r\n"
                        + "\tby mx.test (Paperpath) with ESMTPA id ");
    }

    @Test
    void aHeloSessionIsRecordedAsPlainSmtp() {
        EmbeddedChannel mx = SmtpTestChannels.open(new SmtpSettings(SmtpTestChannels.HOSTNAME, 1000, 10, 10),
                SmtpTestChannels.directory(true), sink, meters);
        send(mx, "HELO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nhi\r\n.\r\n");
        assertThat(received(mx)).contains("250 2.0.0 Ok: queued as ");
        assertThat(new String(sink.queued().get(0).body(), StandardCharsets.UTF_8)).contains(" with SMTP id ")
                .doesNotContain("authenticated");
        mx.finishAndReleaseAll();
    }
}
