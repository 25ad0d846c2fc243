package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/**
 * HELP (RFC 5321 section 4.1.1.8, which says servers SHOULD support it): a short {@code 214} in any
 * state, with or without an argument, and changes nothing. It names the commands every client may
 * use; the extensions offered to this client (STARTTLS, AUTH, CHUNKING...) are what EHLO lists.
 * A 214 is no error, so HELP never counts toward {@link org.paperpath.smtp.protocol.SmtpSettings#maxErrors()}.
 */
public final class HelpHandler implements CommandHandler<SmtpCommand.Help> {

    static final SmtpReply HELP = SmtpReply.of(214,
            "2.0.0 Commands: HELO EHLO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP; EHLO lists the extensions");

    @Override
    public SmtpReply handle(SmtpCommand.Help command, SmtpSession session) {
        return HELP;
    }
}
