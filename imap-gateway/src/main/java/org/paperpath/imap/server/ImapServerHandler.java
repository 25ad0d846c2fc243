package org.paperpath.imap.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.paperpath.protocol.server.LineTooLong;
import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandParser;
import org.paperpath.imap.protocol.ImapProtocol;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;
import org.paperpath.imap.protocol.ImapState;
import org.paperpath.protocol.server.ShutdownRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one IMAP connection. Every command implemented so far answers from memory, so commands run on
 * the event loop, in order; once commands touch the Maildir they must move to a worker executor as
 * pop3-gateway's do.
 */
public final class ImapServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ImapServerHandler.class);

    static final String GREETING = "* OK [CAPABILITY IMAP4rev1] Paperpath IMAP ready";

    private final ImapProtocol protocol;
    private final Counter sessions;
    private final ImapSession session = new ImapSession();

    public ImapServerHandler(ImapProtocol protocol, Counter sessions) {
        this.protocol = protocol;
        this.sessions = sessions;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sessions.increment();
        ctx.writeAndFlush(ImapResponse.of(GREETING));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (session.isOver()) {
            return;
        }
        ImapCommand command = msg == LineTooLong.INSTANCE ? new ImapCommand.Untagged("line too long")
                : ImapCommandParser.parse((String) msg);
        ImapResponse response;
        try {
            response = protocol.handle(command, session);
        } catch (RuntimeException e) {
            log.warn("imap command {} failed", command.getClass().getSimpleName(), e);
            response = ImapResponse.of("* BAD internal error");
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (session.isOver()) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ShutdownRequested.INSTANCE) {
            bye(ctx, "* BYE server shutting down");
        } else if (event instanceof IdleStateEvent) {
            bye(ctx, "* BYE autologout; idle for too long"); // RFC 3501 section 5.4
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("imap session failed, closing", cause);
        ctx.close();
    }

    private void bye(ChannelHandlerContext ctx, String line) {
        if (session.isOver()) {
            return;
        }
        session.moveTo(new ImapState.Logout());
        ctx.writeAndFlush(ImapResponse.of(line)).addListener(ChannelFutureListener.CLOSE);
    }
}
