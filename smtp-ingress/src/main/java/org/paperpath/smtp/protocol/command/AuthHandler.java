package org.paperpath.smtp.protocol.command;

import java.util.Optional;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SaslExchange;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/**
 * AUTH (RFC 4954 section 4) with PLAIN or LOGIN: after EHLO, outside a transaction, once, and only
 * where it is offered (over TLS, or from a network allowed to send passwords in clear). Starts the
 * SASL exchange; complete credentials leave the session in {@link SessionState.Verifying}, and the
 * session layer answers 235, 535 or 454 once they are checked.
 */
public final class AuthHandler implements CommandHandler<SmtpCommand.Auth> {

    @Override
    public SmtpReply handle(SmtpCommand.Auth command, SmtpSession session) {
        SessionState state = session.state();
        if (!session.policy().authAvailable()) {
            return SmtpReply.of(502, "5.5.1 AUTH not available");
        }
        if (state instanceof SessionState.Connected || !session.extended()) {
            return SmtpReply.of(503, "5.5.1 Send EHLO first");
        }
        if (!(state instanceof SessionState.Greeted greeted)) {
            return SmtpReply.of(503, "5.5.1 AUTH not allowed during a mail transaction");
        }
        if (session.authenticatedUser().isPresent()) {
            return SmtpReply.of(503, "5.5.1 Already authenticated");
        }
        if (!session.offersAuth()) {
            return SmtpReply.of(538, "5.7.11 Encryption required for requested authentication mechanism");
        }
        Optional<SaslExchange.Mechanism> mechanism = SaslExchange.mechanism(command.mechanism());
        if (mechanism.isEmpty()) {
            return SmtpReply.of(504, "5.5.4 Unrecognized authentication type");
        }
        return step(SaslExchange.start(mechanism.get(), command.initialResponse()), greeted.helo(), session);
    }

    /** Moves the session on by one SASL step: a challenge, complete credentials, or back to greeted. */
    public static SmtpReply step(SaslExchange.Step step, String helo, SmtpSession session) {
        if (step instanceof SaslExchange.Challenge challenge) {
            session.transition(new SessionState.Authenticating(helo, challenge.next()));
            return challenge.reply();
        }
        if (step instanceof SaslExchange.Credentials credentials) {
            session.transition(new SessionState.Verifying(helo, credentials.username(), credentials.password()));
            return SmtpReplies.AUTH_PENDING;
        }
        session.transition(new SessionState.Greeted(helo));
        return ((SaslExchange.Failed) step).reply();
    }
}
