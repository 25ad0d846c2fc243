package org.paperpath.smtp.server;

import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Optional;
import org.paperpath.protocol.server.ClientAddress;
import org.paperpath.protocol.server.ShutdownRequested;
import org.paperpath.smtp.codec.SmtpFrame;
import org.paperpath.smtp.codec.SmtpRequestDecoder;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpCommandParser;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.queue.Envelope;
import org.paperpath.smtp.queue.MailTransaction;
import org.paperpath.smtp.queue.QueueOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final SessionSecurity security;
    private SmtpSession session;
    /** The message being received, from 354 or the first BDAT to the end of its content; null otherwise. */
    private IncomingMessage incoming;
    /** The BDAT whose octets are being read; null otherwise. */
    private PendingChunk pendingChunk;
    private boolean awaitingQueue;
    private boolean shutdownRequested;
    private boolean closing;

    SmtpSessionHandler(SmtpSessionContext context, SmtpRequestDecoder decoder) {
        this.context = context;
        this.decoder = decoder;
        this.security = new SessionSecurity(context, decoder);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new SmtpSession(ClientAddress.ip(ctx.channel()),
                context.security().policyFor(ClientAddress.of(ctx.channel())), context.security().implicitTls());
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
            if (msg instanceof SmtpFrame.CommandLine line && session.state() instanceof SessionState.Authenticating) {
                afterCommand(ctx, "AUTH", context.dispatcher().saslResponse(line.text(), session));
            } else if (msg instanceof SmtpFrame.CommandLine line) {
                onCommand(ctx, PARSER.parse(line.text()));
            } else if (msg instanceof SmtpFrame.DataChunk chunk) {
                onData(chunk.content());
            } else if (msg == SmtpFrame.DataEnd.INSTANCE) {
                endMessage(ctx, "DATA");
            } else if (msg == SmtpFrame.ChunkEnd.INSTANCE) {
                onChunkEnd(ctx);
            } else if (msg == SmtpFrame.LineTooLong.INSTANCE) {
                session.abandonAuthentication();
                reply(ctx, "LINE_TOO_LONG", SmtpReplies.LINE_TOO_LONG);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, SmtpCommand command) {
        SmtpReply reply = context.dispatcher().dispatch(command, session);
        if (incoming != null && !(session.state() instanceof SessionState.ReceivingChunks)) {
            abortIncoming();
        }
        if (command instanceof SmtpCommand.Bdat bdat) {
            onBdat(ctx, bdat, reply);
            return;
        }
        if (session.state() instanceof SessionState.ReceivingData receiving) {
            reply = begin(receiving.envelope()) ? reply : SmtpReplies.LOCAL_ERROR;
            if (incoming != null) {
                decoder.startData();
            }
        }
        if (command instanceof SmtpCommand.StartTls && reply == SmtpReplies.READY_FOR_TLS) {
            security.startTls(ctx, session);
        } else {
            afterCommand(ctx, command.verb(), reply);
        }
    }

    private void afterCommand(ChannelHandlerContext ctx, String verb, SmtpReply reply) {
        if (session.state() instanceof SessionState.Closing) {
            context.metrics().command(verb, reply);
            closeWith(ctx, reply);
        } else if (session.state() instanceof SessionState.Verifying) {
            security.verify(ctx, session, (authVerb, authReply) -> reply(ctx, authVerb, authReply));
        } else {
            if (verb.equals("AUTH") && reply.isPermanentFailure()) {
                context.metrics().auth("aborted");
            }
            reply(ctx, verb, reply);
        }
    }

    /** RFC 3030: the chunk is read whatever the reply; the reply follows the chunk. */
    private void onBdat(ChannelHandlerContext ctx, SmtpCommand.Bdat bdat, SmtpReply reply) {
        SmtpReply afterChunk = reply;
        if (session.state() instanceof SessionState.ReceivingChunks receiving && incoming == null
                && !begin(receiving.envelope())) {
            afterChunk = SmtpReplies.LOCAL_ERROR;
        }
        pendingChunk = new PendingChunk(bdat.last(), afterChunk);
        if (bdat.size() == 0) {
            onChunkEnd(ctx);
        } else {
            decoder.startChunk(bdat.size());
        }
    }

    /** Opens the queue transaction; on failure ends the SMTP transaction. */
    private boolean begin(Envelope envelope) {
        try {
            incoming = IncomingMessage.open(context, envelope);
            return true;
        } catch (IOException e) {
            log.warn("cannot open a spool body: {}", e.toString());
            session.resetTransaction();
            context.metrics().rejected("spool");
            return false;
        }
    }

    private void onData(ByteBuf content) {
        context.metrics().bytesReceived(context.listener(), content.readableBytes());
        if (incoming != null && (pendingChunk == null || pendingChunk.reply().code() == 250)) {
            incoming.append(content);
        }
    }

    private void onChunkEnd(ChannelHandlerContext ctx) {
        PendingChunk chunk = pendingChunk;
        pendingChunk = null;
        if (incoming == null || chunk.reply().code() != 250) {
            reply(ctx, "BDAT", chunk.reply());
        } else if (chunk.last()) {
            endMessage(ctx, "BDAT");
        } else if (incoming.earlyRefusal().isPresent()) {
            IncomingMessage.Refusal refusal = incoming.earlyRefusal().get();
            refuse(ctx, "BDAT", takeIncoming(), refusal);
        } else {
            reply(ctx, "BDAT", chunk.reply());
        }
    }

    /** The content ended (DATA's dot, or BDAT LAST): refuse it, or hand it to the queue. */
    private void endMessage(ChannelHandlerContext ctx, String verb) {
        IncomingMessage message = takeIncoming();
        if (message == null) {
            return;
        }
        Timer.Sample latency = context.metrics().dataEnded();
        Optional<IncomingMessage.Refusal> refusal = message.refusal();
        if (refusal.isPresent()) {
            refuse(ctx, verb, message, refusal.get());
            context.metrics().dataReplied(latency, refusal.get().reply());
            return;
        }
        awaitingQueue = true;
        decoder.pause();
        MailTransaction transaction = message.transaction();
        transaction.commit().whenComplete((outcome, error) -> ctx.executor().execute(
                () -> onQueued(ctx, verb, transaction, latency, outcome != null ? outcome
                        : new QueueOutcome.Failed(transaction.queueId(), QueueOutcome.Reason.QUEUE,
                                String.valueOf(error)))));
    }

    /** Ends the SMTP transaction and hands back what was being received. */
    private IncomingMessage takeIncoming() {
        IncomingMessage message = incoming;
        incoming = null;
        session.resetTransaction();
        return message;
    }

    private void refuse(ChannelHandlerContext ctx, String verb, IncomingMessage message,
            IncomingMessage.Refusal refusal) {
        message.abort();
        context.metrics().rejected(refusal.reason());
        reply(ctx, verb, refusal.reply());
        afterTransaction(ctx);
    }

    private void onQueued(ChannelHandlerContext ctx, String verb, MailTransaction transaction, Timer.Sample latency,
            QueueOutcome outcome) {
        awaitingQueue = false;
        boolean clientConnected = ctx.channel().isActive();
        SmtpReply reply = IncomingMessage.replyTo(outcome);
        IncomingMessage.count(context, outcome);
        reply(ctx, verb, reply);
        afterTransaction(ctx);
        if (!closing) {
            decoder.resume(ctx);
            ctx.flush();
        }
        context.metrics().dataReplied(latency, reply);
        IncomingMessage.logVerdict(context, transaction, outcome, clientConnected);
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
        ctx.write(reply);
    }

    /** RFC 2920 section 3.2: replies to a pipelined group leave together, once the input is used up. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private void closeWith(ChannelHandlerContext ctx, SmtpReply reply) {
        closing = true;
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (security.onUserEvent(event)) {
            ctx.fireUserEventTriggered(event);
        } else if (event instanceof IdleStateEvent) {
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
            incoming.abort();
            incoming = null;
        }
    }

    /** A BDAT whose octets are being read, and the reply it gets once they are. */
    private record PendingChunk(boolean last, SmtpReply reply) {
    }
}
