package org.paperpath.smtp.protocol.command;

import java.util.ArrayList;
import java.util.List;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;

/**
 * EHLO (RFC 5321 section 4.1.1.1): ends any open transaction and lists our extensions: PIPELINING
 * (RFC 2920), SIZE (RFC 1870), 8BITMIME (RFC 6152), ENHANCEDSTATUSCODES (RFC 2034), SMTPUTF8
 * (RFC 6531), DSN (RFC 3461) and CHUNKING (RFC 3030). REQUIRETLS (RFC 8689) may only be listed over
 * TLS, so it is not; its MAIL parameter is still recorded when a client sends it. STARTTLS (RFC 3207)
 * is listed while TLS can still start, AUTH (RFC 4954) only where {@link SmtpSession#offersAuth()}.
 */
public final class EhloHandler implements CommandHandler<SmtpCommand.Ehlo> {

    private final SmtpSettings settings;

    public EhloHandler(SmtpSettings settings) {
        this.settings = settings;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Ehlo command, SmtpSession session) {
        session.greet(command.domain(), true);
        List<String> lines = new ArrayList<>(List.of(
                settings.hostname() + " Hello " + command.domain(),
                "PIPELINING",
                "SIZE " + settings.maxMessageSize(),
                "8BITMIME",
                "ENHANCEDSTATUSCODES",
                "SMTPUTF8",
                "DSN",
                "CHUNKING"));
        if (session.offersStartTls()) {
            lines.add("STARTTLS");
        }
        if (session.offersAuth()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        return new SmtpReply(250, lines);
    }
}
