package org.paperpath.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.stream.Collectors;
import org.paperpath.model.MailAddress;
import org.paperpath.protocol.server.ShutdownRequested;
import org.paperpath.smtp.codec.SmtpFrame;
import org.paperpath.smtp.codec.SmtpRequestDecoder;
import org.paperpath.smtp.protocol.ReceivedHeader;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpCommandParser;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.queue.MailTransaction;
import org.paperpath.smtp.queue.QueueOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives one SMTP connection: frames in, protocol decisions by the dispatcher, content streamed to
 * the {@link org.paperpath.smtp.queue.MessageSink}. While the queue decides about a message the
 * decoder is paused, so no later command overtakes the reply (RFC 5321 section 4.1.1.4 orders the
 * DATA reply before anything else).
 */
final class SmtpSessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SmtpSessionHandler.class);
    private static final SmtpCommandParser PARSER = new SmtpCommandParser();

    private final SmtpSessionContext context;
    private final SmtpRequestDecoder decoder;
    private SmtpSession session;
    /** The message being received, between 354 and the end of data; null otherwise. */
    private IncomingMessage incoming;
    private boolean awaitingQueue;
    private boolean shutdownRequested;
    private boolean closing;

    SmtpSessionHandler(SmtpSessionContext context, SmtpRequestDecoder decoder) {
        this.context = context;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new SmtpSession(clientAddress(ctx.channel().remoteAddress()));
        context.metrics().sessionOpened(context.listener());
        ctx.writeAndFlush(SmtpReplies.greeting(context.settings().hostname()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof SmtpFrame.CommandLine line) {
                onCommand(ctx, PARSER.parse(line.text()));
            } else if (msg instanceof SmtpFrame.DataChunk chunk) {
                onData(chunk.content());
            } else if (msg == SmtpFrame.DataEnd.INSTANCE) {
                onDataEnd(ctx);
            } else if (msg == SmtpFrame.LineTooLong.INSTANCE) {
                reply(ctx, "LINE_TOO_LONG", SmtpReplies.LINE_TOO_LONG);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, SmtpCommand command) {
        SmtpReply reply = context.dispatcher().dispatch(command, session);
        if (session.state() instanceof SessionState.ReceivingData receiving) {
            try {
                MailTransaction transaction = context.sink().begin(receiving.envelope());
                transaction.write(ByteBuffer.wrap(ReceivedHeader.render(receiving.envelope(),
                        context.settings().hostname(), transaction.queueId(), ZonedDateTime.now(context.clock()))));
                incoming = new IncomingMessage(transaction);
                decoder.startData();
            } catch (IOException e) {
                log.warn("cannot open a spool body: {}", e.toString());
                session.resetTransaction();
                context.metrics().rejected("spool");
                reply = SmtpReplies.LOCAL_ERROR;
            }
        }
        if (session.state() instanceof SessionState.Closing) {
            context.metrics().command(command.verb(), reply);
            closeWith(ctx, reply);
        } else {
            reply(ctx, command.verb(), reply);
        }
    }

    private void onData(ByteBuf content) {
        IncomingMessage message = incoming;
        if (message == null) {
            return;
        }
        message.received += content.readableBytes();
        if (message.received > context.settings().maxMessageSize() && !message.tooBig) {
            message.tooBig = true;
            message.transaction.abort();
        }
        if (message.tooBig || message.failed) {
            return;
        }
        try {
            for (ByteBuffer buffer : content.nioBuffers()) {
                message.transaction.write(buffer);
            }
        } catch (IOException e) {
            log.warn("spool write failed for {}: {}", message.transaction.queueId(), e.toString());
            message.failed = true;
            message.transaction.abort();
        }
    }

    private void onDataEnd(ChannelHandlerContext ctx) {
        IncomingMessage message = incoming;
        incoming = null;
        session.resetTransaction();
        if (message == null) {
            return;
        }
        if (message.tooBig) {
            context.metrics().rejected("size");
            reply(ctx, "DATA", SmtpReplies.MESSAGE_TOO_BIG);
            afterTransaction(ctx);
            return;
        }
        if (message.failed) {
            context.metrics().rejected("spool");
            reply(ctx, "DATA", SmtpReplies.LOCAL_ERROR);
            afterTransaction(ctx);
            return;
        }
        awaitingQueue = true;
        decoder.pause();
        message.transaction.commit().whenComplete((outcome, error) -> ctx.executor().execute(
                () -> onQueued(ctx, message, outcome != null ? outcome
                        : new QueueOutcome.Failed(message.transaction.queueId(), QueueOutcome.Reason.QUEUE,
                                String.valueOf(error)))));
    }

    private void onQueued(ChannelHandlerContext ctx, IncomingMessage message, QueueOutcome outcome) {
        awaitingQueue = false;
        MDC.put("queueId", message.transaction.queueId().value());
        try {
            if (outcome instanceof QueueOutcome.Queued queued) {
                context.metrics().accepted();
                log.info("queueId={} from=<{}> rcpts={} size={} client={} listener={}", queued.queueId(),
                        message.transaction.envelope().sender().map(MailAddress::toString).orElse(""),
                        message.transaction.envelope().recipients().stream().map(r -> "<" + r + ">")
                                .collect(Collectors.joining(",")),
                        queued.size(), session.clientAddress(), context.listener());
                if (!ctx.channel().isActive()) {
                    log.warn("client left before hearing 250; the message stays queued and may arrive twice");
                }
                reply(ctx, "DATA", SmtpReplies.queued(queued.queueId().value()));
            } else if (outcome instanceof QueueOutcome.Failed failed) {
                context.metrics().rejected(failed.reason().name().toLowerCase(Locale.ROOT));
                reply(ctx, "DATA", failed.reason() == QueueOutcome.Reason.QUEUE
                        ? SmtpReplies.QUEUE_UNAVAILABLE : SmtpReplies.LOCAL_ERROR);
            }
        } finally {
            MDC.remove("queueId");
        }
        afterTransaction(ctx);
        if (!closing) {
            decoder.resume(ctx);
        }
    }

    /** A transaction finished: if a shutdown came meanwhile, now is the time to say goodbye. */
    private void afterTransaction(ChannelHandlerContext ctx) {
        if (shutdownRequested && !closing) {
            closeWith(ctx, SmtpReplies.SHUTTING_DOWN);
        }
    }

    private void reply(ChannelHandlerContext ctx, String verb, SmtpReply reply) {
        context.metrics().command(verb, reply);
        if (!ctx.channel().isActive()) {
            return;
        }
        if (reply.isPermanentFailure() && session.countError() >= context.settings().maxErrors()) {
            ctx.write(reply);
            abortIncoming();
            closeWith(ctx, SmtpReplies.TOO_MANY_ERRORS);
            return;
        }
        ctx.writeAndFlush(reply);
    }

    private void closeWith(ChannelHandlerContext ctx, SmtpReply reply) {
        closing = true;
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (!awaitingQueue && !closing) {
                abortIncoming();
                closeWith(ctx, SmtpReplies.IDLE_TIMEOUT);
            }
        } else if (event == ShutdownRequested.INSTANCE) {
            if (awaitingQueue || incoming != null) {
                shutdownRequested = true;
            } else if (!closing) {
                closeWith(ctx, SmtpReplies.SHUTTING_DOWN);
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (incoming != null) {
            context.metrics().rejected("disconnect");
        }
        abortIncoming();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("closing session from {}: {}", session == null ? "?" : session.clientAddress(), cause.toString());
        abortIncoming();
        ctx.close();
    }

    private void abortIncoming() {
        if (incoming != null) {
            incoming.transaction.abort();
            incoming = null;
        }
    }

    private static String clientAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** Content accounting for the message between 354 and the end of data. */
    private static final class IncomingMessage {
        final MailTransaction transaction;
        long received;
        boolean tooBig;
        boolean failed;

        IncomingMessage(MailTransaction transaction) {
            this.transaction = transaction;
        }
    }
}
