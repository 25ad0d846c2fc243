package org.paperpath.pop3.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.paperpath.protocol.server.LineTooLong;
import org.paperpath.pop3.codec.Pop3MessageInput;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandParser;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Protocol;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.protocol.server.ShutdownRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one POP3 connection: greets, then executes commands strictly one at a time and in order
 * (which makes PIPELINING safe, RFC 2449 section 6.6). Each command runs on the worker executor,
 * because login asks account-service over HTTP and every mailbox call touches the shared volume;
 * its reply is written back on the event loop, and the next command starts only when the previous
 * reply (a streamed RETR included) has been written. A {@link Pop3Reply.Delayed} reply (a refused
 * login) is written by a task scheduled on the event loop once its delay has passed; nothing sleeps.
 * Closing the connection without QUIT drops the session and with it every DELE mark.
 */
public final class Pop3ServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Pop3ServerHandler.class);

    /** Commands a pipelining client may have queued before the server stops reading. */
    private static final int MAX_QUEUED = 32;
    static final String GREETING = "Paperpath POP3 ready";

    private final Pop3Protocol protocol;
    private final Executor worker;
    private final Pop3Events events;
    private final Queue<Object> queued = new ArrayDeque<>();
    private Pop3Session session;
    private boolean busy;
    private boolean shutdownRequested;
    private boolean closing;

    public Pop3ServerHandler(Pop3Protocol protocol, Executor worker, Pop3Events events) {
        this.protocol = protocol;
        this.worker = worker;
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String remoteIp = remoteIp(ctx.channel().remoteAddress());
        session = new Pop3Session(remoteIp);
        events.sessionStarted(remoteIp);
        ctx.writeAndFlush(new Pop3Reply.Ok(GREETING));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        queued.add(msg);
        if (queued.size() >= MAX_QUEUED) {
            ctx.channel().config().setAutoRead(false);
        }
        next(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ShutdownRequested.INSTANCE) {
            shutdownRequested = true;
            if (!busy) {
                next(ctx);
            }
        } else if (event instanceof IdleStateEvent) {
            // RFC 1939 section 3: on the autologout timer, close without a reply and without UPDATE.
            log.debug("pop3 session from {} idle, closing", session == null ? "?" : session.remoteIp());
            closing = true;
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        queued.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("pop3 session failed, closing", cause);
        closing = true;
        ctx.close();
    }

    private void next(ChannelHandlerContext ctx) {
        if (busy || closing) {
            return;
        }
        if (shutdownRequested) {
            closing = true;
            ctx.writeAndFlush(new Pop3Reply.Err("[SYS/TEMP] server shutting down"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Object line = queued.poll();
        if (line == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        Pop3Command command = line == LineTooLong.INSTANCE ? new Pop3Command.Malformed("line too long")
                : Pop3CommandParser.parse((String) line);
        try {
            worker.execute(() -> {
                Pop3Reply reply = execute(command);
                if (ctx.executor().inEventLoop()) {
                    respond(ctx, reply);
                } else {
                    ctx.executor().execute(() -> respond(ctx, reply));
                }
            });
        } catch (RejectedExecutionException e) {
            closing = true;
            ctx.writeAndFlush(new Pop3Reply.Err("[SYS/TEMP] server shutting down"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Pop3Reply execute(Pop3Command command) {
        try {
            return protocol.handle(command, session);
        } catch (RuntimeException e) {
            log.warn("pop3 command {} failed", command.getClass().getSimpleName(), e);
            return new Pop3Reply.Err("[SYS/TEMP] internal error");
        }
    }

    private void respond(ChannelHandlerContext ctx, Pop3Reply reply) {
        if (reply instanceof Pop3Reply.Delayed) {
            Pop3Reply.Delayed delayed = (Pop3Reply.Delayed) reply;
            // Held back on the event loop's timer: no thread sleeps; busy stays set, so the next command waits.
            ctx.executor().schedule(() -> respond(ctx, delayed.reply()), delayed.delay().toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        if (!ctx.channel().isActive()) {
            discard(reply);
            return;
        }
        ChannelFuture written;
        if (reply instanceof Pop3Reply.Message) {
            Pop3Reply.Message message = (Pop3Reply.Message) reply;
            Pop3MessageInput body = new Pop3MessageInput(message.content(), message.bodyLines());
            ctx.write(reply);
            written = ctx.writeAndFlush(body);
            written.addListener(f -> {
                if (f.isSuccess()) {
                    events.retrieved(body.progress());
                }
            });
        } else {
            written = ctx.writeAndFlush(reply);
        }
        if (session.isOver()) {
            closing = true;
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        written.addListener(f -> {
            busy = false;
            if (f.isSuccess()) {
                next(ctx);
            } else {
                closing = true;
                ctx.close();
            }
        });
    }

    private static void discard(Pop3Reply reply) {
        if (reply instanceof Pop3Reply.Message) {
            try {
                ((Pop3Reply.Message) reply).content().close();
            } catch (IOException ignored) {
                // the connection is gone; nothing to tell anyone
            }
        }
    }

    private static String remoteIp(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            return ((InetSocketAddress) address).getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
