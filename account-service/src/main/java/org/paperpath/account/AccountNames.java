package org.paperpath.account;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What account-service accepts as domain and mailbox names. Both become path components on the
 * shared volume ({@code mail/<domain>/<localPart>/}), so the rules are strict.
 */
final class AccountNames {

    /** An LDH domain (RFC 1123 labels): letters, digits, inner hyphens, 1–63 per label. */
    static final String DOMAIN_PATTERN =
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*";

    /**
     * An RFC 5321 Dot-string (section 4.1.2) made of atext (RFC 5322 section 3.2.3) less {@code /}:
     * no leading, trailing or doubled dot, no backslash, no NUL, ASCII only so chars are octets.
     */
    static final String LOCAL_PART_PATTERN =
            "[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+=?^_`{|}~-]+)*";

    static final String LOCAL_PART_MESSAGE =
            "must be a dot-atom of letters, digits and !#$%&'*+=?^_`{|}~- without leading, trailing or double dots";

    static final int MAX_DOMAIN = 253;
    static final int MAX_LOCAL_PART = 64;

    private static final Pattern DOMAIN = Pattern.compile(DOMAIN_PATTERN);
    private static final Pattern LOCAL_PART = Pattern.compile(LOCAL_PART_PATTERN);

    private AccountNames() {
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * A domain name as stored: internationalised names become their A-label form (RFC 5890, via
     * {@link IDN} with the STD3 rules), then lower case; the result must be an LDH name.
     *
     * @param field the input the name came from, named in the 400 answer
     * @throws InvalidInputException if it is no domain name
     */
    static String domain(String name, String field) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException(field, "must not be empty");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a domain name (LDH or IDN)");
        }
        if (ascii.length() > MAX_DOMAIN || !DOMAIN.matcher(ascii).matches()) {
            throw new InvalidInputException(field, "must be a domain name (LDH or IDN)");
        }
        return normalize(ascii);
    }

    /**
     * A local part as stored (lower case), from a path segment.
     *
     * @throws InvalidInputException if it is no dot-atom or longer than 64 octets
     */
    static String localPart(String localPart) {
        if (localPart == null || localPart.length() > MAX_LOCAL_PART || !LOCAL_PART.matcher(localPart).matches()) {
            throw new InvalidInputException("localPart", LOCAL_PART_MESSAGE + ", at most 64 octets");
        }
        return normalize(localPart);
    }

    /** The directory key {@code local@domain}; both parts already normalised. */
    static String address(String localPart, String domain) {
        return localPart + "@" + domain;
    }
}
