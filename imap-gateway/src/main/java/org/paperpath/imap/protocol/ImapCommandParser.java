package org.paperpath.imap.protocol;

import java.util.Locale;

/**
 * Turns one command line into an {@link ImapCommand}: {@code tag SP name [SP arguments]} (RFC 3501
 * section 9, {@code tag = 1*<any ASTRING-CHAR except "+">}). Never throws.
 */
public final class ImapCommandParser {

    private ImapCommandParser() {
    }

    public static ImapCommand parse(String line) {
        int space = line.indexOf(' ');
        if (space <= 0 || !validTag(line.substring(0, space))) {
            return new ImapCommand.Untagged("invalid tag");
        }
        String tag = line.substring(0, space);
        String rest = line.substring(space + 1);
        int end = rest.indexOf(' ');
        String name = (end < 0 ? rest : rest.substring(0, end)).toUpperCase(Locale.ROOT);
        boolean hasArguments = end >= 0;
        if (name.isEmpty()) {
            return new ImapCommand.Unsupported(tag, "");
        }
        if (!hasArguments) {
            switch (name) {
                case "CAPABILITY":
                    return new ImapCommand.Capability(tag);
                case "NOOP":
                    return new ImapCommand.Noop(tag);
                case "LOGOUT":
                    return new ImapCommand.Logout(tag);
                default:
                    break;
            }
        }
        return new ImapCommand.Unsupported(tag, name);
    }

    /** ASTRING-CHAR minus "+": no controls, space, {@code ( ) { % * "} or backslash, and no 8-bit. */
    private static boolean validTag(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\+".indexOf(c) >= 0) {
                return false;
            }
        }
        return !tag.isEmpty();
    }
}
