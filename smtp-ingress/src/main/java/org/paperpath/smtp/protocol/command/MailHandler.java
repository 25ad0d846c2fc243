package org.paperpath.smtp.protocol.command;

import java.util.List;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;

/** MAIL FROM (RFC 5321 section 4.1.1.2) with the SIZE parameter of RFC 1870: opens a transaction. */
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
        if (command.declaredSize() > settings.maxMessageSize()) {
            return SmtpReplies.MESSAGE_TOO_BIG;
        }
        session.transition(new SessionState.InTransaction(greeted.helo(), command.sender(), List.of()));
        return SmtpReply.of(250, "2.1.0 Ok");
    }
}
