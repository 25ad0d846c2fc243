package org.paperpath.pop3.protocol;

import java.util.Locale;

/**
 * Turns one command line (without CRLF) into a {@link Pop3Command}. Keywords are case-insensitive
 * and arguments are separated by single spaces (RFC 1939 section 3); a lenient reader also accepts
 * runs of spaces. Never throws: bad input becomes {@link Pop3Command.Malformed} or
 * {@link Pop3Command.Unknown}.
 */
public final class Pop3CommandParser {

    /** Message numbers and line counts beyond this are refused rather than overflowing. */
    private static final int MAX_NUMBER_DIGITS = 9;

    private Pop3CommandParser() {
    }

    public static Pop3Command parse(String line) {
        int space = line.indexOf(' ');
        String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1);
        String[] args = rest.isBlank() ? new String[0] : rest.trim().split(" +");
        switch (keyword) {
            case "USER":
                return args.length == 1 ? new Pop3Command.User(args[0]) : malformed("USER needs one name");
            case "PASS":
                // The password is the whole rest of the line: it may contain spaces (RFC 1939 section 7).
                return rest.isEmpty() ? malformed("PASS needs a password") : new Pop3Command.Pass(rest);
            case "CAPA":
                return noArgs(args, new Pop3Command.Capa());
            case "STAT":
                return noArgs(args, new Pop3Command.Stat());
            case "LIST":
                return optionalNumber(args, n -> new Pop3Command.List(n));
            case "UIDL":
                return optionalNumber(args, n -> new Pop3Command.Uidl(n));
            case "RETR":
                return args.length == 1 && positive(args[0]) ? new Pop3Command.Retr(Integer.parseInt(args[0]))
                        : malformed("RETR needs a message number");
            case "DELE":
                return args.length == 1 && positive(args[0]) ? new Pop3Command.Dele(Integer.parseInt(args[0]))
                        : malformed("DELE needs a message number");
            case "TOP":
                return args.length == 2 && positive(args[0]) && number(args[1])
                        ? new Pop3Command.Top(Integer.parseInt(args[0]), Integer.parseInt(args[1]))
                        : malformed("TOP needs a message number and a line count");
            case "RSET":
                return noArgs(args, new Pop3Command.Rset());
            case "NOOP":
                return noArgs(args, new Pop3Command.Noop());
            case "QUIT":
                return noArgs(args, new Pop3Command.Quit());
            default:
                return new Pop3Command.Unknown(keyword);
        }
    }

    private interface NumberedCommand {
        Pop3Command of(int message);
    }

    private static Pop3Command optionalNumber(String[] args, NumberedCommand command) {
        if (args.length == 0) {
            return command.of(0);
        }
        return args.length == 1 && positive(args[0]) ? command.of(Integer.parseInt(args[0]))
                : malformed("expected at most one message number");
    }

    private static Pop3Command noArgs(String[] args, Pop3Command command) {
        return args.length == 0 ? command : malformed("no arguments expected");
    }

    private static boolean number(String arg) {
        if (arg.isEmpty() || arg.length() > MAX_NUMBER_DIGITS) {
            return false;
        }
        for (int i = 0; i < arg.length(); i++) {
            if (arg.charAt(i) < '0' || arg.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean positive(String arg) {
        return number(arg) && Integer.parseInt(arg) > 0;
    }

    private static Pop3Command malformed(String reason) {
        return new Pop3Command.Malformed(reason);
    }
}
