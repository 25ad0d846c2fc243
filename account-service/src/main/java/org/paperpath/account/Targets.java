package org.paperpath.account;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;

/**
 * Addresses that mail is sent on to (alias targets, forwards, a catch-all), as stored and published:
 * parsed with {@link MailAddress#parse}, local part lower case, an internationalised domain as its
 * A-label, so they compare equal to directory keys and the loop check sees what readers will see.
 */
final class Targets {

    /** Enough for any mailing list an alias stands for; a bigger one belongs in a list manager. */
    static final int MAX = 1000;

    private Targets() {
    }

    /**
     * The normalised list, duplicates dropped (first one kept).
     *
     * @param field the input named in a 400 answer
     * @param min 1 where an empty list means nothing (an alias), 0 where it clears (forwards)
     * @throws InvalidInputException if the list is missing, too short or long, or holds a bad address
     */
    static List<String> of(List<String> addresses, String field, int min) {
        if (addresses == null) {
            throw new InvalidInputException(field, "must be a list of addresses");
        }
        if (addresses.size() < min || addresses.size() > MAX) {
            throw new InvalidInputException(field, "must hold " + min + " to " + MAX + " addresses");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String address : addresses) {
            unique.add(one(address, field));
        }
        return new ArrayList<>(unique);
    }

    /** @throws InvalidInputException if {@code address} is no RFC 5321 mailbox */
    static String one(String address, String field) {
        if (address == null) {
            throw new InvalidInputException(field, "must not hold null");
        }
        MailAddress parsed;
        try {
            parsed = MailAddress.parse(address.trim());
        } catch (InvalidAddressException e) {
            throw new InvalidInputException(field, "holds an invalid address: " + e.getMessage());
        }
        String domain = parsed.domain();
        if (!domain.startsWith("[")) {
            try {
                domain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field, "holds an address whose domain is no domain name");
            }
        }
        return new MailAddress(parsed.localPart().toLowerCase(Locale.ROOT), domain).toString();
    }
}
