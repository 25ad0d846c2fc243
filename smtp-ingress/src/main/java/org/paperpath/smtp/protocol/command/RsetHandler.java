package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/** RSET (RFC 5321 section 4.1.1.5): drops the transaction, keeps the greeting. */
public final class RsetHandler implements CommandHandler<SmtpCommand.Rset> {

    @Override
    public SmtpReply handle(SmtpCommand.Rset command, SmtpSession session) {
        session.resetTransaction();
        return SmtpReplies.OK;
    }
}
