package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/**
 * Commands we recognize but do not implement (RFC 5321 section 4.2.4: {@code 502}, not the
 * {@code 500} of an unknown command): EXPN (section 3.5.3 lets a server refuse to expand lists, and
 * lists are not for address harvesters) and ETRN (RFC 1985; nothing is queued here for a client to
 * pull). The session does not change. A 502 is a permanent failure and counts once toward
 * {@link org.paperpath.smtp.protocol.SmtpSettings#maxErrors()}, exactly like every other refused
 * command (a 500 for an unknown verb, a 501, a 503...): the limit counts 5xx replies, not unknown
 * commands, so a client probing EXPN is closed after as many refusals as any other.
 */
public final class NotImplementedHandler implements CommandHandler<SmtpCommand.NotImplemented> {

    static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1 Command not implemented");

    @Override
    public SmtpReply handle(SmtpCommand.NotImplemented command, SmtpSession session) {
        return NOT_IMPLEMENTED;
    }
}
