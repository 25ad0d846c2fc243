package org.paperpath.maildir;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a mailbox lives on the shared volume: {@code <mailRoot>/<domain>/<localPart>} (DESIGN.md,
 * "The shared volume"). No input becomes a path component before it is validated and lower-cased,
 * and the result is checked to stay two levels below {@code mailRoot} (invariant 5).
 */
public final class MailboxPaths {

    /** RFC 5321 section 4.5.3.1.1. */
    public static final int MAX_LOCAL_PART = 64;
    /** RFC 1035 section 2.3.4 (a name in text form without the trailing dot). */
    public static final int MAX_DOMAIN = 253;

    private static final Pattern LDH_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private MailboxPaths() {
    }

    /**
     * The Maildir++ root (INBOX) of {@code localPart@domain}.
     *
     * @throws InvalidMailboxPathException if either part is not safe as a directory name
     */
    public static Path resolve(Path mailRoot, String domain, String localPart) {
        String d = normaliseDomain(domain);
        String l = normaliseLocalPart(localPart);
        Path root = mailRoot.toAbsolutePath().normalize();
        Path mailbox = root.resolve(d).resolve(l).normalize();
        if (!mailbox.startsWith(root) || mailbox.getNameCount() != root.getNameCount() + 2) {
            throw new InvalidMailboxPathException("mailbox path escapes the mail root: " + d + "/" + l);
        }
        return mailbox;
    }

    /** The lower-cased domain if it is a dot-separated list of LDH labels. */
    public static String normaliseDomain(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new InvalidMailboxPathException("domain is empty");
        }
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.length() > MAX_DOMAIN) {
            throw new InvalidMailboxPathException("domain longer than " + MAX_DOMAIN + " characters");
        }
        for (String label : d.split("\\.", -1)) {
            if (!LDH_LABEL.matcher(label).matches()) {
                throw new InvalidMailboxPathException("domain is not a host name of letters, digits and hyphens: " + d);
            }
        }
        return d;
    }

    /**
     * The lower-cased local part if it is safe as one directory name: not empty, at most 64
     * characters, no {@code /}, {@code \}, NUL or other control character, no leading dot (dot names
     * are Maildir++ folders and {@code .}/{@code ..}), no {@code ..}.
     */
    public static String normaliseLocalPart(String localPart) {
        if (localPart == null || localPart.isEmpty()) {
            throw new InvalidMailboxPathException("local part is empty");
        }
        String l = localPart.toLowerCase(Locale.ROOT);
        if (l.length() > MAX_LOCAL_PART) {
            throw new InvalidMailboxPathException("local part longer than " + MAX_LOCAL_PART + " characters");
        }
        if (l.startsWith(".")) {
            throw new InvalidMailboxPathException("local part starts with a dot");
        }
        if (l.contains("..")) {
            throw new InvalidMailboxPathException("local part contains '..'");
        }
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new InvalidMailboxPathException("local part contains a forbidden character (code " + (int) c + ")");
            }
        }
        return l;
    }
}
