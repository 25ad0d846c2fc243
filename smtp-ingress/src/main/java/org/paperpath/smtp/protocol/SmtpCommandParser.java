package org.paperpath.smtp.protocol;

import java.util.Locale;
import java.util.Optional;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.RcptParameters;

/**
 * Parses one command line (RFC 5321 section 4.1.1) into an {@link SmtpCommand}. Paths must be in
 * angle brackets; source routes are refused by {@link MailAddress#parse}. Never throws: what does not
 * parse is {@link SmtpCommand.Malformed} or {@link SmtpCommand.Unknown}.
 */
public final class SmtpCommandParser {

    private static final String BAD_PATH = "5.5.4 Syntax: %s:<address>";

    public SmtpCommand parse(String line) {
        if (line.chars().anyMatch(c -> c < 32 && c != '\t' || c == 127 || c == 0xFFFD)) {
            return malformed("UNKNOWN", "5.5.2 Control characters or invalid UTF-8 are not allowed in commands");
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
            case "BDAT":
                return parseBdat(argument);
            case "RSET":
                return argument.isEmpty() ? new SmtpCommand.Rset() : malformed(verb, "5.5.4 Syntax: RSET");
            case "NOOP":
                return new SmtpCommand.Noop();
            case "QUIT":
                return argument.isEmpty() ? new SmtpCommand.Quit() : malformed(verb, "5.5.4 Syntax: QUIT");
            case "VRFY":
                return argument.isEmpty() ? malformed(verb, "5.5.4 Syntax: VRFY address") : new SmtpCommand.Vrfy(argument);
            case "STARTTLS":
                return argument.isEmpty() ? new SmtpCommand.StartTls() : malformed(verb, "5.5.4 Syntax: STARTTLS");
            case "AUTH":
                return parseAuth(argument);
            case "HELP":
                return new SmtpCommand.Help(argument);
            case "EXPN":
            case "ETRN":
                return new SmtpCommand.NotImplemented(verb);
            default:
                return new SmtpCommand.Unknown(line);
        }
    }

    private SmtpCommand parseMail(String argument) {
        Path path = path(argument, "FROM:");
        if (path == null) {
            return malformed("MAIL", String.format(BAD_PATH, "MAIL FROM"));
        }
        MailParameters parameters;
        Optional<String> auth;
        try {
            parameters = EsmtpParameters.mail(path.parameters());
            auth = EsmtpParameters.mailAuth(path.parameters());
        } catch (EsmtpParameters.Refused e) {
            return new SmtpCommand.Malformed("MAIL", e.reply);
        }
        if (path.address().isEmpty()) {
            return new SmtpCommand.Mail(Optional.empty(), parameters, auth);
        }
        if (!parameters.smtpUtf8() && !isAscii(path.address())) {
            return new SmtpCommand.Malformed("MAIL", SmtpReplies.NEEDS_SMTPUTF8);
        }
        try {
            return new SmtpCommand.Mail(Optional.of(MailAddress.parse(path.address())), parameters, auth);
        } catch (InvalidAddressException e) {
            return malformed("MAIL", "5.1.7 Bad sender address syntax: " + e.getMessage());
        }
    }

    private SmtpCommand parseRcpt(String argument) {
        Path path = path(argument, "TO:");
        if (path == null || path.address().isEmpty()) {
            return malformed("RCPT", String.format(BAD_PATH, "RCPT TO"));
        }
        RcptParameters parameters;
        try {
            parameters = EsmtpParameters.rcpt(path.parameters());
        } catch (EsmtpParameters.Refused e) {
            return new SmtpCommand.Malformed("RCPT", e.reply);
        }
        if (path.address().equalsIgnoreCase("postmaster")) {
            return new SmtpCommand.Rcpt(Optional.empty(), parameters);
        }
        try {
            return new SmtpCommand.Rcpt(Optional.of(MailAddress.parse(path.address())), parameters);
        } catch (InvalidAddressException e) {
            return malformed("RCPT", "5.1.3 Bad recipient address syntax: " + e.getMessage());
        }
    }

    /** RFC 4954 section 4: {@code AUTH mechanism [initial-response]}. */
    private static SmtpCommand parseAuth(String argument) {
        String[] words = argument.split(" +");
        if (words[0].isEmpty() || words.length > 2 || words[0].length() > 20) {
            return malformed("AUTH", "5.5.4 Syntax: AUTH mechanism [initial-response]");
        }
        return new SmtpCommand.Auth(words[0].toUpperCase(Locale.ROOT),
                words.length == 2 ? Optional.of(words[1]) : Optional.empty());
    }

    /** RFC 3030 section 2: {@code BDAT chunk-size [LAST]}. */
    private static SmtpCommand parseBdat(String argument) {
        String[] words = argument.split(" +");
        boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
        if (words.length > 2 || words.length == 2 && !last || words[0].isEmpty() || words[0].length() > 18
                || !words[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return malformed("BDAT", "5.5.4 Syntax: BDAT size [LAST]");
        }
        return new SmtpCommand.Bdat(Long.parseLong(words[0]), last);
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
        int close = closingBracket(rest);
        if (close < 0) {
            return null;
        }
        String parameters = rest.substring(close + 1);
        if (!parameters.isEmpty() && !parameters.startsWith(" ")) {
            return null;
        }
        return new Path(rest.substring(1, close), parameters.strip());
    }

    /** The {@code >} that ends the path: the first one outside a quoted local part. */
    private static int closingBracket(String rest) {
        boolean quoted = false;
        for (int i = 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }

    private static SmtpCommand malformed(String verb, String text) {
        return new SmtpCommand.Malformed(verb, SmtpReply.of(501, text));
    }

    private record Path(String address, String parameters) {
    }
}
