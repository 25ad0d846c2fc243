package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/**
 * STARTTLS (RFC 3207 section 4): allowed after EHLO, outside a mail transaction, once per connection.
 * A 220 reply tells the session layer to start the handshake and forget everything (section 4.2).
 */
public final class StartTlsHandler implements CommandHandler<SmtpCommand.StartTls> {

    @Override
    public SmtpReply handle(SmtpCommand.StartTls command, SmtpSession session) {
        if (session.tls()) {
            return SmtpReply.of(503, "5.5.1 TLS already active");
        }
        if (!session.policy().tlsAvailable()) {
            return SmtpReply.of(454, "4.7.0 TLS not available");
        }
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (!(state instanceof SessionState.Greeted)) {
            return SmtpReply.of(503, "5.5.1 STARTTLS not allowed during a mail transaction");
        }
        return SmtpReplies.READY_FOR_TLS;
    }
}
