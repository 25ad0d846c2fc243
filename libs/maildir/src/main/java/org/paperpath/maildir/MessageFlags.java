package org.paperpath.maildir;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The flags of a message as its Maildir info suffix carries them (maildir spec, "info semantics";
 * Dovecot's keywords extension): after {@code :2,}, each flag one character, in ASCII order. System
 * flags are upper-case: {@code D}raft, {@code F}lagged, {@code R}eplied, {@code S}een and
 * {@code T}rashed are the IMAP \Draft, \Flagged, \Answered, \Seen and \Deleted
 * ({@link #systemLetter}). {@code P}assed (resent, forwarded or bounced) has no IMAP flag: Dovecot
 * 2.3 neither shows nor sets it and stores {@code $Forwarded} (RFC 5788) as a keyword, and so does
 * Paperpath; a {@code P} found in a name is kept through every change and read as passed
 * ({@code has(PASSED)}), never as {@code $Forwarded}. Keywords are the letters {@code a}–{@code z},
 * mapped to names by {@link DovecotKeywords} ({@link FlagUpdater#letterFor} maps any IMAP flag).
 * Other characters found in a name are kept, so nothing another server wrote is lost.
 */
public final class MessageFlags {

    /** The info prefix of the experimental-semantics version 2 that everyone uses. */
    public static final String INFO_PREFIX = ":2,";

    public static final char DRAFT = 'D';
    public static final char FLAGGED = 'F';
    public static final char PASSED = 'P';
    public static final char REPLIED = 'R';
    public static final char SEEN = 'S';
    public static final char TRASHED = 'T';

    /** Info letter to IMAP system flag (RFC 3501 section 2.3.2), as Dovecot maps them; no {@code P}. */
    private static final Map<Character, String> IMAP_SYSTEM_FLAGS = Map.of(
            DRAFT, "\\Draft",
            FLAGGED, "\\Flagged",
            REPLIED, "\\Answered",
            SEEN, "\\Seen",
            TRASHED, "\\Deleted");

    private static final MessageFlags NONE = new MessageFlags("");

    private final String chars;

    private MessageFlags(String sortedDistinct) {
        this.chars = sortedDistinct;
    }

    public static MessageFlags none() {
        return NONE;
    }

    /** Flags from their characters in any order, duplicates ignored. */
    public static MessageFlags of(CharSequence flags) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < flags.length(); i++) {
            char c = flags.charAt(i);
            if (c <= ' ' || c > '~' || c == '/' || c == ':' || c == ',') {
                throw new IllegalArgumentException("not a Maildir flag character: code " + (int) c);
            }
            set.add(c);
        }
        StringBuilder out = new StringBuilder(set.size());
        set.forEach(out::append);
        return new MessageFlags(out.toString());
    }

    /** The flags of {@code fileName}; none if it has no {@code :2,} info (unknown info versions read as none). */
    public static MessageFlags ofFileName(String fileName) {
        int info = fileName.indexOf(INFO_PREFIX);
        if (info < 0) {
            return NONE;
        }
        String flags = fileName.substring(info + INFO_PREFIX.length());
        StringBuilder kept = new StringBuilder(flags.length());
        for (int i = 0; i < flags.length(); i++) {
            char c = flags.charAt(i);
            if (c > ' ' && c <= '~' && c != '/' && c != ':' && c != ',') {
                kept.append(c);
            }
        }
        return of(kept);
    }

    /** The keyword letter for index 0..25 of {@code dovecot-keywords}. */
    public static char keywordLetter(int index) {
        if (index < 0 || index >= DovecotKeywords.MAX_KEYWORDS) {
            throw new IllegalArgumentException("keyword index out of range: " + index);
        }
        return (char) ('a' + index);
    }

    /**
     * The info letter of the IMAP system flag {@code imapFlag} (matched in any case, as RFC 3501
     * section 2.3.2 asks); empty for anything else, which is a keyword: {@code $Forwarded} too.
     */
    public static Optional<Character> systemLetter(String imapFlag) {
        for (Map.Entry<Character, String> e : IMAP_SYSTEM_FLAGS.entrySet()) {
            if (e.getValue().toLowerCase(Locale.ROOT).equals(imapFlag.toLowerCase(Locale.ROOT))) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** The IMAP system flag an info letter means; empty for {@code P}, keyword letters and others. */
    public static Optional<String> systemFlag(char letter) {
        return Optional.ofNullable(IMAP_SYSTEM_FLAGS.get(letter));
    }

    public boolean has(char flag) {
        return chars.indexOf(flag) >= 0;
    }

    public MessageFlags with(char flag) {
        return has(flag) ? this : of(chars + flag);
    }

    public MessageFlags without(char flag) {
        return has(flag) ? of(chars.replace(String.valueOf(flag), "")) : this;
    }

    /** The characters in ASCII order, e.g. {@code FSab}. */
    public String chars() {
        return chars;
    }

    /** {@code baseName:2,<flags>}. */
    public String fileName(String baseName) {
        return baseName + INFO_PREFIX + chars;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageFlags && ((MessageFlags) o).chars.equals(chars);
    }

    @Override
    public int hashCode() {
        return chars.hashCode();
    }

    @Override
    public String toString() {
        return INFO_PREFIX + chars;
    }
}
