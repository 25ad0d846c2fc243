package org.paperpath.model;

import java.util.Locale;

/** RFC 5321 section 4.1.2 {@code Mailbox} grammar, without source routes. */
final class AddressParser {

    private AddressParser() {
    }

    static MailAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty address");
        }
        if (text.charAt(0) == '@') {
            throw new InvalidAddressException("source routes are not accepted");
        }
        int at = localPartEnd(text);
        if (at >= text.length() || text.charAt(at) != '@') {
            throw new InvalidAddressException("address must be local-part@domain");
        }
        String rawLocal = text.substring(0, at);
        String local = rawLocal.charAt(0) == '"' ? unquote(rawLocal) : rawLocal;
        String domain = text.substring(at + 1);
        return new MailAddress(local, normaliseDomain(domain));
    }

    /** Index of the {@code @} that ends the local part, honouring a quoted string. */
    private static int localPartEnd(String text) {
        if (text.charAt(0) == '"') {
            int i = 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == '"') {
                    return i + 1;
                } else {
                    i++;
                }
            }
            throw new InvalidAddressException("unterminated quoted local part");
        }
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new InvalidAddressException("address must be local-part@domain");
        }
        String local = text.substring(0, at);
        if (!isDotAtom(local)) {
            throw new InvalidAddressException("local part is not a dot-atom");
        }
        return at;
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                c = quoted.charAt(++i);
            }
            if (c < 32 || c == 127) {
                throw new InvalidAddressException("control character in quoted local part");
            }
            out.append(c);
        }
        if (out.length() == 0) {
            throw new InvalidAddressException("empty quoted local part");
        }
        return out.toString();
    }

    private static String normaliseDomain(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            if (literal.isEmpty() || !literal.chars().allMatch(c -> c > 32 && c < 127 && c != '[' && c != ']' && c != '\\')) {
                throw new InvalidAddressException("malformed address literal");
            }
            return domain.toLowerCase(Locale.ROOT);
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            throw new InvalidAddressException("domain must not end with a dot");
        }
        for (String label : lower.split("\\.", -1)) {
            if (!isLdhLabel(label)) {
                throw new InvalidAddressException("malformed domain");
            }
        }
        return lower;
    }

    private static boolean isLdhLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        return label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80);
    }

    /** RFC 5321 {@code Dot-string}: atoms of atext separated by single dots. */
    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.chars().allMatch(c -> c == '.' || isAtext(c));
    }

    /** RFC 5322 section 3.2.3 atext, plus UTF-8 as RFC 6531 allows. */
    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || c >= 0x80;
    }

    static String quote(String local) {
        StringBuilder out = new StringBuilder(local.length() + 2).append('"');
        for (char c : local.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
