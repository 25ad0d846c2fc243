package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/** NOOP (RFC 5321 section 4.1.1.9): changes nothing. */
public final class NoopHandler implements CommandHandler<SmtpCommand.Noop> {

    @Override
    public SmtpReply handle(SmtpCommand.Noop command, SmtpSession session) {
        return SmtpReplies.OK;
    }
}
