package org.paperpath.smtp.protocol;

import java.util.Locale;
import java.util.Optional;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;

/**
 * Parses one command line (RFC 5321 section 4.1.1) into an {@link SmtpCommand}. Paths must be in
 * angle brackets; source routes are refused by {@link MailAddress#parse}. Never throws.
 */
public final class SmtpCommandParser {

    private static final SmtpReply BAD_ADDRESS_SYNTAX = SmtpReply.of(501, "5.5.4 Syntax: %s:<address>");

    public SmtpCommand parse(String line) {
        if (line.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127)) {
            return malformed("UNKNOWN", "5.5.2 Control characters are not allowed in commands");
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        switch (verb) {
            case "HELO":
                return argument.isEmpty() ? malformed(verb, "5.5.4 Syntax: HELO hostname") : new SmtpCommand.Helo(argument);
            case "EHLO":
                return argument.isEmpty() ? malformed(verb, "5.5.4 Syntax: EHLO hostname") : new SmtpCommand.Ehlo(argument);
            case "MAIL":
                return parseMail(argument);
            case "RCPT":
                return parseRcpt(argument);
            case "DATA":
                return argument.isEmpty() ? new SmtpCommand.Data() : malformed(verb, "5.5.4 Syntax: DATA");
            case "RSET":
                return argument.isEmpty() ? new SmtpCommand.Rset() : malformed(verb, "5.5.4 Syntax: RSET");
            case "NOOP":
                return new SmtpCommand.Noop();
            case "QUIT":
                return argument.isEmpty() ? new SmtpCommand.Quit() : malformed(verb, "5.5.4 Syntax: QUIT");
            case "VRFY":
                return argument.isEmpty() ? malformed(verb, "5.5.4 Syntax: VRFY address") : new SmtpCommand.Vrfy(argument);
            default:
                return new SmtpCommand.Unknown(line);
        }
    }

    private SmtpCommand parseMail(String argument) {
        Path path = path(argument, "FROM:");
        if (path == null) {
            return malformed("MAIL", String.format(BAD_ADDRESS_SYNTAX.lines().get(0), "MAIL FROM"));
        }
        long size = -1;
        for (String parameter : path.parameters().isEmpty() ? new String[0] : path.parameters().split(" +")) {
            String upper = parameter.toUpperCase(Locale.ROOT);
            if (upper.startsWith("SIZE=")) {
                try {
                    size = Long.parseLong(parameter.substring(5));
                } catch (NumberFormatException e) {
                    return malformed("MAIL", "5.5.4 Invalid SIZE parameter");
                }
            } else if (!upper.equals("BODY=7BIT") && !upper.equals("BODY=8BITMIME")) {
                return new SmtpCommand.Malformed("MAIL", SmtpReply.of(555, "5.5.4 Unsupported parameter " + parameter));
            }
        }
        if (path.address().isEmpty()) {
            return new SmtpCommand.Mail(Optional.empty(), size);
        }
        try {
            return new SmtpCommand.Mail(Optional.of(MailAddress.parse(path.address())), size);
        } catch (InvalidAddressException e) {
            return malformed("MAIL", "5.1.7 Bad sender address syntax: " + e.getMessage());
        }
    }

    private SmtpCommand parseRcpt(String argument) {
        Path path = path(argument, "TO:");
        if (path == null || path.address().isEmpty()) {
            return malformed("RCPT", String.format(BAD_ADDRESS_SYNTAX.lines().get(0), "RCPT TO"));
        }
        if (!path.parameters().isEmpty()) {
            return new SmtpCommand.Malformed("RCPT", SmtpReply.of(555, "5.5.4 Unsupported parameter " + path.parameters()));
        }
        try {
            return new SmtpCommand.Rcpt(MailAddress.parse(path.address()));
        } catch (InvalidAddressException e) {
            return malformed("RCPT", "5.1.3 Bad recipient address syntax: " + e.getMessage());
        }
    }

    /** {@code FROM:<path> params}, tolerating a space after the colon as many clients send one. */
    private static Path path(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return null;
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        if (!rest.startsWith("<")) {
            return null;
        }
        int close = rest.lastIndexOf('>');
        if (close < 0) {
            return null;
        }
        return new Path(rest.substring(1, close), rest.substring(close + 1).strip());
    }

    private static SmtpCommand malformed(String verb, String text) {
        return new SmtpCommand.Malformed(verb, SmtpReply.of(501, text));
    }

    private record Path(String address, String parameters) {
    }
}
