package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;

/** QUIT (RFC 5321 section 4.1.1.10): 221, then the connection closes. */
public final class QuitHandler implements CommandHandler<SmtpCommand.Quit> {

    private final SmtpSettings settings;

    public QuitHandler(SmtpSettings settings) {
        this.settings = settings;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Quit command, SmtpSession session) {
        session.transition(new SessionState.Closing());
        return SmtpReply.of(221, "2.0.0 " + settings.hostname() + " closing connection");
    }
}
