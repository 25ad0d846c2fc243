package org.paperpath.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.smtp.server.SmtpTestChannels.received;
import static org.paperpath.smtp.server.SmtpTestChannels.send;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperpath.model.MailAddress;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.AcceptedEvents;
import org.paperpath.smtp.queue.Envelope;
import org.paperpath.smtp.queue.InMemoryMessageSink;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.Origin;
import org.paperpath.smtp.queue.RcptParameters;

/** What the ESMTP parameters and BDAT chunks leave in the queued envelope, body and topic record. */
class EsmtpEnvelopeTest {

    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = SmtpTestChannels.open(
            new SmtpSettings(SmtpTestChannels.HOSTNAME, 10_000, 100, 10), SmtpTestChannels.directory(true), sink,
            meters);

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void dsnAndBodyParametersAreCarriedPerRecipientIntoTheEvent() {
        send(channel, "EHLO client.test\r\n"
                + "MAIL FROM:<sender@remote.test> RET=HDRS ENVID=QQ+2B314159 BODY=8BITMIME SMTPUTF8 REQUIRETLS\r\n"
                + "RCPT TO:<alice@example.test> NOTIFY=FAILURE,SUCCESS ORCPT=RFC822;Alice+40example.test\r\n"
                + "RCPT TO:<postmaster@example.test>\r\nDATA\r\nSubject: x\r\n.\r\n");
        assertThat(received(channel)).contains("queued as");
        Envelope envelope = sink.queued().get(0).envelope();
        assertThat(envelope.mail()).isEqualTo(new MailParameters(-1, Optional.of(MailParameters.Body.EIGHT_BIT_MIME),
                true, Optional.of(MailParameters.Ret.HDRS), Optional.of("QQ+314159"), true));
        assertThat(envelope.recipientParameters()).containsExactly(
                new RcptParameters(Set.of(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE),
                        Optional.of("rfc822;Alice@example.test")),
                RcptParameters.NONE);

        MessageAccepted event = AcceptedEvents.of("Q", envelope, "ref", 10, Instant.EPOCH);
        assertThat(event.dsn()).isEqualTo(new MessageAccepted.Dsn("HDRS", "QQ+314159", List.of(
                new MessageAccepted.Dsn.Recipient(List.of("SUCCESS", "FAILURE"), "rfc822;Alice@example.test"),
                new MessageAccepted.Dsn.Recipient(List.of(), null))));
        assertThat(event.esmtp()).isEqualTo(new MessageAccepted.Esmtp("8BITMIME", true, true));
    }

    @Test
    void withoutParametersTheEventLooksAsBefore() {
        send(channel, "EHLO client.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\n");
        MessageAccepted event = AcceptedEvents.of("Q", sink.queued().get(0).envelope(), "ref", 10, Instant.EPOCH);
        assertThat(event.dsn()).isNull();
        assertThat(event.esmtp()).isNull();
        assertThat(event.authenticatedUser()).isNull();
    }

    @Test
    void theAuthenticatedUserGoesIntoTheEvent() {
        List<MailAddress> to = List.of(MailAddress.parse("bob@remote.test"));
        Envelope envelope = new Envelope("client.test", "192.0.2.1", Optional.of(MailAddress.parse("alice@example.test")),
                to, MailParameters.NONE, List.of(RcptParameters.NONE),
                new Origin(true, true, Optional.of("alice@example.test")));

        assertThat(AcceptedEvents.of("Q", envelope, "ref", 10, Instant.EPOCH).authenticatedUser())
                .isEqualTo("alice@example.test");
    }

    @Test
    void bdatChunksAreSpooledVerbatimAfterTheReceivedHeader() {
        send(channel, "EHLO client.test\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
                + "BDAT 10\r\n.\r\n..\r\nx\r\nBDAT 5 LAST\r\n\nend\n");
        assertThat(received(channel)).contains("250 2.0.0 10 octets received\r\n").contains("queued as");
        String body = new String(sink.queued().get(0).body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("Received: from client.test").endsWith("\r\n.\r\n..\r\nx\r\n\nend\n");
        assertThat(meters.counter("paperpath.smtp.commands", "verb", "BDAT", "reply", "2xx").count()).isEqualTo(2);
    }

    @Test
    void aDisconnectBetweenChunksLeavesNothingBehind() {
        send(channel, "EHLO client.test\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
                + "BDAT 3\r\nabc");
        received(channel);
        assertThat(sink.openTransactions()).isEqualTo(1);
        channel.close();
        assertThat(sink.openTransactions()).isZero();
        assertThat(sink.queued()).isEmpty();
    }

    @Test
    void aMessageRefusedForItsContentIsCountedByReason() {
        send(channel, "HELO client.test\r\nMAIL FROM:<sender@remote.test>\r\nRCPT TO:<alice@example.test>\r\n"
                + "DATA\r\n" + "x".repeat(1200) + "\r\n.\r\n");
        assertThat(received(channel)).endsWith("500 5.5.2 Message has a line over 1000 octets\r\n");
        assertThat(meters.counter("paperpath.smtp.messages.rejected", "reason", "line").count()).isEqualTo(1);
        assertThat(sink.openTransactions()).isZero();
    }
}
