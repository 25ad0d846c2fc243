package org.paperpath.smtp.protocol.command;

import java.util.List;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;

/**
 * EHLO (RFC 5321 section 4.1.1.1): ends any open transaction and lists our extensions: 8BITMIME
 * (RFC 6152), ENHANCEDSTATUSCODES (RFC 2034) and SIZE (RFC 1870). No PIPELINING yet.
 */
public final class EhloHandler implements CommandHandler<SmtpCommand.Ehlo> {

    private final SmtpSettings settings;

    public EhloHandler(SmtpSettings settings) {
        this.settings = settings;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Ehlo command, SmtpSession session) {
        session.transition(new SessionState.Greeted(command.domain()));
        return new SmtpReply(250, List.of(
                settings.hostname() + " Hello " + command.domain(),
                "8BITMIME",
                "ENHANCEDSTATUSCODES",
                "SIZE " + settings.maxMessageSize()));
    }
}
