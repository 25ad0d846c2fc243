package org.paperpath.model;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * An RFC 5321 mailbox ({@code local-part@domain}) after validation: the local part is a dot-atom or
 * a quoted string (kept in its unquoted form), the domain a lower-cased LDH name or an address literal.
 *
 * <p>Parsing is strict on purpose: routes ({@code @a,@b:user@c}), {@code %} hacks and bare local
 * parts are refused here so no later stage has to second-guess an address.
 */
public record MailAddress(String localPart, String domain) {

    /** RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets. */
    public static final int MAX_LOCAL_PART = 64;
    /** RFC 5321 section 4.5.3.1.2: a domain is at most 255 octets. */
    public static final int MAX_DOMAIN = 255;

    public MailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (localPart.isEmpty() || localPart.length() > MAX_LOCAL_PART) {
            throw new InvalidAddressException("local part must be 1 to 64 octets");
        }
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            throw new InvalidAddressException("domain must be 1 to 255 octets");
        }
    }

    /**
     * Parses {@code local@domain} as found inside the angle brackets of a MAIL or RCPT path.
     *
     * @throws InvalidAddressException naming what is wrong
     */
    public static MailAddress parse(String text) {
        return AddressParser.parse(text);
    }

    /**
     * The key that identifies this address in the directory: the local part lower-cased, and the
     * domain as the directory stores it, an A-label ({@code bücher.example} and
     * {@code xn--bcher-kva.example} are one domain; RFC 6531 senders may write either).
     */
    public String key() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + asciiDomain();
    }

    /**
     * The domain in ASCII: IDNA A-labels for a domain written with U-labels (RFC 5890), unchanged
     * otherwise; a domain IDNA refuses stays as written and so matches no directory entry.
     */
    public String asciiDomain() {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return domain;
        }
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain;
        }
    }

    @Override
    public String toString() {
        return (AddressParser.isDotAtom(localPart) ? localPart : AddressParser.quote(localPart)) + "@" + domain;
    }
}
