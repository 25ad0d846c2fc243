package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/** VRFY (RFC 5321 sections 3.5.3 and 7.3): we never confirm addresses, so address harvesting learns nothing. */
public final class VrfyHandler implements CommandHandler<SmtpCommand.Vrfy> {

    private static final SmtpReply CANNOT_VERIFY =
            SmtpReply.of(252, "2.1.5 Cannot VRFY user, but will accept message and attempt delivery");

    @Override
    public SmtpReply handle(SmtpCommand.Vrfy command, SmtpSession session) {
        return CANNOT_VERIFY;
    }
}
