package org.paperpath.smtp.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;
import org.paperpath.smtp.auth.AuthThrottle;
import org.paperpath.smtp.codec.SmtpRequestDecoder;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS and AUTH side of one SMTP connection: switches to TLS after STARTTLS (RFC 3207), and checks
 * AUTH credentials (RFC 4954) on the authenticator's worker while the decoder waits, so no pipelined
 * command is read before the 235, 535 or 454. The {@link AuthThrottle} holds each failure's reply
 * back longer than the last (a task scheduled on the event loop, which never sleeps), and past its
 * limits for the client, or for the account from this client, answers 454, held back as long,
 * without asking the authenticator; an account's failures from other clients only delay.
 */
final class SessionSecurity {

    private static final Logger log = LoggerFactory.getLogger(SessionSecurity.class);

    private final SmtpSessionContext context;
    private final SmtpRequestDecoder decoder;

    SessionSecurity(SmtpSessionContext context, SmtpRequestDecoder decoder) {
        this.context = context;
        this.decoder = decoder;
    }

    /**
     * RFC 3207 section 4.2: the 220 leaves in clear, everything after is TLS. Octets the client sent
     * behind STARTTLS are dropped unread, and the session starts over.
     */
    void startTls(ChannelHandlerContext ctx, SmtpSession session) {
        SslHandler ssl = context.security().tls().orElseThrow().newHandler(ctx.alloc(), true);
        ctx.pipeline().addFirst("ssl", ssl);
        decoder.discardBuffered();
        session.tlsStarted();
        context.metrics().command("STARTTLS", SmtpReplies.READY_FOR_TLS);
        ctx.writeAndFlush(SmtpReplies.READY_FOR_TLS);
    }

    /** Counts handshakes; a failed one has already closed the connection. */
    boolean onUserEvent(Object event) {
        if (!(event instanceof SslHandshakeCompletionEvent handshake)) {
            return false;
        }
        context.metrics().tlsHandshake(handshake.isSuccess() ? "success" : "failure");
        if (!handshake.isSuccess()) {
            log.debug("TLS handshake failed: {}", handshake.cause().toString());
        }
        return true;
    }

    /**
     * Checks the credentials of {@link SessionState.Verifying} off the event loop, then answers
     * through {@code reply} on it and reads on.
     */
    void verify(ChannelHandlerContext ctx, SmtpSession session, BiConsumer<String, SmtpReply> reply) {
        SessionState.Verifying verifying = (SessionState.Verifying) session.state();
        Authenticator authenticator = context.security().authenticator().orElseThrow();
        String service = context.security().authService();
        AuthThrottle throttle = context.security().authThrottle();
        decoder.pause();
        if (throttle.refuses(session.clientAddress(), verifying.username())) {
            later(ctx, throttle.delay(session.clientAddress(), verifying.username()),
                    () -> refuseThrottled(ctx, session, reply));
            return;
        }
        try {
            context.security().authWorker().execute(() -> {
                AuthResult result;
                try {
                    result = authenticator.authenticate(verifying.username(), verifying.password(), service,
                            session.clientAddress());
                } catch (RuntimeException e) {
                    result = new AuthResult.Unavailable(e.toString());
                }
                AuthResult outcome = result;
                ctx.executor().execute(() -> settle(ctx, session, outcome, reply));
            });
        } catch (RejectedExecutionException e) {
            settle(ctx, session, new AuthResult.Unavailable("too many authentications at once"), reply);
        }
    }

    /**
     * Counts the outcome towards the throttle. A rejection is answered once the throttle's delay has
     * passed, so each guess costs more time than the last; a success, or account-service being
     * unavailable, is answered at once: a user behind the same address as a guesser is not kept waiting.
     */
    private void settle(ChannelHandlerContext ctx, SmtpSession session, AuthResult result,
            BiConsumer<String, SmtpReply> reply) {
        String username = ((SessionState.Verifying) session.state()).username();
        AuthThrottle throttle = context.security().authThrottle();
        if (result instanceof AuthResult.Rejected) {
            throttle.failed(session.clientAddress(), username);
            later(ctx, throttle.delay(session.clientAddress(), username), () -> finish(ctx, session, result, reply));
            return;
        }
        if (result instanceof AuthResult.Authenticated) {
            throttle.succeeded(session.clientAddress(), username);
        }
        finish(ctx, session, result, reply);
    }

    private void refuseThrottled(ChannelHandlerContext ctx, SmtpSession session, BiConsumer<String, SmtpReply> reply) {
        SessionState.Verifying verifying = (SessionState.Verifying) session.state();
        session.transition(new SessionState.Greeted(verifying.helo()));
        context.metrics().auth("throttled");
        log.info("authentication throttled for {} from {}", verifying.username(), session.clientAddress());
        reply.accept("AUTH", SmtpReplies.AUTH_THROTTLED);
        resume(ctx);
    }

    private static void later(ChannelHandlerContext ctx, Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
        } else {
            ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            decoder.resume(ctx);
            ctx.flush();
        }
    }

    private void finish(ChannelHandlerContext ctx, SmtpSession session, AuthResult result,
            BiConsumer<String, SmtpReply> reply) {
        SessionState.Verifying verifying = (SessionState.Verifying) session.state();
        session.transition(new SessionState.Greeted(verifying.helo()));
        if (result instanceof AuthResult.Authenticated authenticated) {
            session.authenticated(authenticated.mailbox());
            context.metrics().auth("success");
            log.info("authenticated {} from {} on {}", authenticated.mailbox(), session.clientAddress(),
                    context.listener());
            reply.accept("AUTH", SmtpReplies.AUTHENTICATED);
        } else if (result instanceof AuthResult.Rejected rejected) {
            context.metrics().auth("failure");
            log.info("authentication failed for {} from {}: {}", verifying.username(), session.clientAddress(),
                    rejected.reason());
            reply.accept("AUTH", SmtpReplies.AUTH_FAILED);
        } else if (result instanceof AuthResult.Throttled) {
            // account-service refused unchecked: a temporary error, never "invalid credentials"
            context.metrics().auth("throttled");
            log.info("authentication throttled by account-service for {} from {}", verifying.username(),
                    session.clientAddress());
            reply.accept("AUTH", SmtpReplies.AUTH_THROTTLED);
        } else {
            context.metrics().auth("unavailable");
            log.warn("authentication unavailable for {}: {}", session.clientAddress(),
                    ((AuthResult.Unavailable) result).reason());
            reply.accept("AUTH", SmtpReplies.AUTH_UNAVAILABLE);
        }
        resume(ctx);
    }
}
