package org.paperpath.smtp.server;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.protocol.ReceivedHeader;
import org.paperpath.smtp.protocol.MessageContentCheck;
import org.paperpath.smtp.protocol.RecipientSizeLimit;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.queue.Envelope;
import org.paperpath.smtp.queue.MailTransaction;
import org.paperpath.smtp.queue.QueueOutcome;
import org.paperpath.smtp.queue.SpoolCapacity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The message between 354 (or the first BDAT) and the end of its content: streams content to the
 * transaction while counting it, and stops writing as soon as the message can no longer be accepted.
 */
final class IncomingMessage {

    /** Why a message is refused after its content: the reply, and the metric reason. */
    record Refusal(SmtpReply reply, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(IncomingMessage.class);

    private final MailTransaction transaction;
    private final long maxSize;
    private final SpoolCapacity spool;
    private final long recipientLimit;
    private final MessageContentCheck check = new MessageContentCheck();
    private long received;
    private boolean tooBig;
    private boolean failed;

    /** @param recipientLimit the largest message some recipient takes ({@link RecipientSizeLimit}) */
    IncomingMessage(MailTransaction transaction, long maxSize, SpoolCapacity spool, long recipientLimit) {
        this.transaction = transaction;
        this.maxSize = maxSize;
        this.spool = spool;
        this.recipientLimit = recipientLimit;
    }

    /** Opens a queue transaction for {@code envelope} and writes our Received header first. */
    static IncomingMessage open(SmtpSessionContext context, Envelope envelope) throws IOException {
        MailTransaction transaction = context.sink().begin(envelope);
        try {
            transaction.write(ByteBuffer.wrap(ReceivedHeader.render(envelope, context.settings().hostname(),
                    transaction.queueId(), ZonedDateTime.now(context.clock()))));
        } catch (IOException | RuntimeException e) {
            transaction.abort();
            throw e;
        }
        return new IncomingMessage(transaction, context.settings().maxMessageSize(), context.spoolCapacity(),
                context.recipientSizeLimit().of(envelope));
    }

    /** The one log line of an accepted message. */
    static void logQueued(QueueOutcome.Queued queued, Envelope envelope, String listener) {
        log.info("queueId={} from=<{}> rcpts={} size={} client={} listener={}", queued.queueId(),
                envelope.sender().map(MailAddress::toString).orElse(""),
                envelope.recipients().stream().map(r -> "<" + r + ">").collect(Collectors.joining(",")),
                queued.size(), envelope.clientAddress(), listener);
    }

    /** The reply to the queue's verdict on a message. */
    static SmtpReply replyTo(QueueOutcome outcome) {
        if (outcome instanceof QueueOutcome.Queued queued) {
            return SmtpReplies.queued(queued.queueId().value());
        }
        return ((QueueOutcome.Failed) outcome).reason() == QueueOutcome.Reason.QUEUE
                ? SmtpReplies.QUEUE_UNAVAILABLE : SmtpReplies.LOCAL_ERROR;
    }

    /** Counts the queue's verdict (before the reply, so that a client that heard it finds it counted). */
    static void count(SmtpSessionContext context, QueueOutcome outcome) {
        if (outcome instanceof QueueOutcome.Failed failed) {
            context.metrics().rejected(failed.reason().name().toLowerCase(Locale.ROOT));
        } else {
            context.metrics().accepted();
        }
    }

    /**
     * Logs a queued message under its queue id: after the reply has left, because the log line is a
     * synchronous write that the client should not wait for.
     */
    static void logVerdict(SmtpSessionContext context, MailTransaction transaction, QueueOutcome outcome,
            boolean clientConnected) {
        if (!(outcome instanceof QueueOutcome.Queued queued)) {
            return;
        }
        MDC.put("queueId", transaction.queueId().value());
        try {
            logQueued(queued, transaction.envelope(), context.listener());
            if (!clientConnected) {
                log.warn("client left before hearing 250; the message stays queued and may arrive twice");
            }
        } finally {
            MDC.remove("queueId");
        }
    }

    MailTransaction transaction() {
        return transaction;
    }

    void append(ByteBuf content) {
        received += content.readableBytes();
        if (received > maxSize && !tooBig) {
            tooBig = true;
            transaction.abort();
        }
        if (tooBig || failed) {
            return;
        }
        try {
            for (ByteBuffer buffer : content.nioBuffers()) {
                check.scan(buffer.duplicate());
                transaction.write(buffer);
            }
        } catch (IOException e) {
            log.warn("spool write failed for {}: {}", transaction.queueId(), e.toString());
            failed = true;
            transaction.abort();
        }
    }

    /** A refusal that is certain already, before the content has ended: too big, or unwritable. */
    Optional<Refusal> earlyRefusal() {
        if (tooBig) {
            return Optional.of(new Refusal(SmtpReplies.MESSAGE_TOO_BIG, "size"));
        }
        if (failed) {
            return Optional.of(new Refusal(SmtpReplies.LOCAL_ERROR, "spool"));
        }
        return Optional.empty();
    }

    /**
     * Once the content has ended: why it must not be queued, if it must not. The spool is asked again,
     * as it may have filled up or gone away since MAIL.
     */
    Optional<Refusal> refusal() {
        Optional<Refusal> early = earlyRefusal();
        if (early.isPresent()) {
            return early;
        }
        switch (check.verdict()) {
            case LINE_TOO_LONG:
                return Optional.of(new Refusal(SmtpReplies.DATA_LINE_TOO_LONG, "line"));
            case TOO_MANY_HOPS:
                return Optional.of(new Refusal(SmtpReplies.TOO_MANY_HOPS, "hops"));
            default:
                break;
        }
        if (received > recipientLimit) {
            return Optional.of(new Refusal(SmtpReplies.TOO_BIG_FOR_RECIPIENTS, "recipient-size"));
        }
        switch (spool.status()) {
            case LOW:
                return Optional.of(new Refusal(SmtpReplies.INSUFFICIENT_STORAGE, "storage"));
            case UNWRITABLE:
                return Optional.of(new Refusal(SmtpReplies.LOCAL_ERROR, "spool"));
            default:
                return Optional.empty();
        }
    }

    void abort() {
        transaction.abort();
    }
}
