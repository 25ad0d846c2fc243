package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/** HELO (RFC 5321 section 4.1.1.1): plain SMTP; ends any open transaction. */
public final class HeloHandler implements CommandHandler<SmtpCommand.Helo> {

    @Override
    public SmtpReply handle(SmtpCommand.Helo command, SmtpSession session) {
        session.greet(command.domain(), false);
        return SmtpReply.of(250, "2.0.0 Hello " + command.domain());
    }
}
