package org.paperpath.delivery.local.autoreply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addr-specs of an address-list field (To, Cc; RFC 5322 section 3.4), lower-cased. Lenient on
 * purpose: quoted strings and comments are removed first (a display name such as
 * {@code "alice@example.org" <eve@evil.test>} must not count as alice), then every
 * {@code local@domain} token is taken, with or without angle brackets, groups included.
 */
final class HeaderAddresses {

    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern COMMENT = Pattern.compile("\\((?:[^()\\\\]|\\\\.)*\\)");
    private static final Pattern ADDR_SPEC = Pattern.compile("[^\\s<>(),;:\"@\\[\\]]+@[^\\s<>(),;:\"@\\[\\]]+");

    private HeaderAddresses() {
    }

    static List<String> of(String value) {
        String plain = QUOTED.matcher(value).replaceAll(" ");
        String previous;
        do {
            previous = plain;
            plain = COMMENT.matcher(plain).replaceAll(" ");
        } while (!plain.equals(previous));
        List<String> addresses = new ArrayList<>();
        Matcher m = ADDR_SPEC.matcher(plain);
        while (m.find()) {
            addresses.add(m.group().toLowerCase(Locale.ROOT));
        }
        return addresses;
    }
}
