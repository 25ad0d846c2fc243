package org.paperpath.account;

import java.util.Locale;

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

    static final int MAX_DOMAIN = 253;
    static final int MAX_LOCAL_PART = 64;

    private AccountNames() {
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The directory key {@code local@domain}; both parts already normalised. */
    static String address(String localPart, String domain) {
        return localPart + "@" + domain;
    }
}
