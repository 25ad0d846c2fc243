package org.paperpath.sendmail;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses in an address-list (RFC 5322 section 3.4) as found in To, Cc and Bcc or in a
 * sendmail argument: {@code bob@example.org}, {@code Bob <bob@example.org>},
 * {@code "Smith, Bob" <bob@example.org>}, {@code bob@example.org (Bob)}, and groups
 * {@code friends: a@example.org, b@example.org;}. Display names and comments are dropped; quoted
 * local parts are kept as written; a source route inside angle brackets is dropped (RFC 5321 C).
 */
final class AddressList {

    private AddressList() {
    }

    static List<String> parse(String value) {
        List<String> addresses = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        StringBuilder angle = null;
        boolean sawAngle = false;
        boolean quoted = false;
        int comment = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            StringBuilder target = angle != null ? angle : plain;
            if (c == '\\' && (quoted || comment > 0) && i + 1 < value.length()) {
                if (comment == 0) {
                    target.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (comment > 0) {
                if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
            } else if (quoted) {
                target.append(c);
                quoted = c != '"';
            } else if (c == '"') {
                target.append(c);
                quoted = true;
            } else if (c == '(') {
                comment = 1;
                target.append(' ');
            } else if (angle != null) {
                if (c == '>') {
                    plain.setLength(0);
                    plain.append(angle);
                    angle = null;
                    sawAngle = true;
                } else {
                    angle.append(c);
                }
            } else if (c == '<') {
                angle = new StringBuilder();
            } else if (c == ':' && !sawAngle) {
                plain.setLength(0); // a group's display name
            } else if (c == ',' || c == ';') {
                add(addresses, plain, sawAngle);
                sawAngle = false;
            } else if (!sawAngle) {
                plain.append(c);
            }
        }
        if (angle != null) {
            plain.setLength(0);
            plain.append(angle); // an unclosed bracket: take what it holds rather than the display name
            sawAngle = true;
        }
        add(addresses, plain, sawAngle);
        return addresses;
    }

    private static void add(List<String> addresses, StringBuilder piece, boolean fromAngle) {
        String address = piece.toString().trim();
        piece.setLength(0);
        if (fromAngle && address.startsWith("@") && address.contains(":")) {
            address = address.substring(address.indexOf(':') + 1).trim();
        }
        if (!address.isEmpty()) {
            addresses.add(address);
        }
    }
}
