package org.paperpath.smtp.protocol.command;

import java.util.List;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.MailParameters;

/**
 * MAIL FROM (RFC 5321 section 4.1.1.2): opens a transaction. A SIZE parameter over our limit is
 * refused at once (RFC 1870 section 6.1); ESMTP parameters are refused after a plain HELO. On the
 * submission listener a client must authenticate first (RFC 6409 section 4.3, RFC 4954 section 6).
 */
public final class MailHandler implements CommandHandler<SmtpCommand.Mail> {

    private final SmtpSettings settings;

    public MailHandler(SmtpSettings settings) {
        this.settings = settings;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Mail command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (!(state instanceof SessionState.Greeted greeted)) {
            return SmtpReply.of(503, "5.5.1 Nested MAIL command");
        }
        if (session.policy().authRequired() && session.authenticatedUser().isEmpty()) {
            return SmtpReplies.AUTH_REQUIRED;
        }
        if (!session.extended() && !command.parameters().equals(MailParameters.NONE)) {
            return SmtpReply.of(555, "5.5.4 Parameters need EHLO");
        }
        if (command.parameters().declaredSize() > settings.maxMessageSize()) {
            return SmtpReplies.MESSAGE_TOO_BIG;
        }
        session.transition(new SessionState.InTransaction(greeted.helo(), command.sender(), command.parameters(),
                List.of(), List.of()));
        return SmtpReply.of(250, "2.1.0 Ok");
    }
}
