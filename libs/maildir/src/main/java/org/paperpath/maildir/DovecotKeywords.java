package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A folder's {@code dovecot-keywords} file (Dovecot's "Maildir mailbox format" page, "IMAP
 * keywords"): {@code <index> <name>} lines, index 0 being the info-suffix letter {@code a} and 25
 * the letter {@code z}. A new keyword is added under {@code dovecot-keywords.lock} (the same dot-lock
 * as Dovecot takes) by rewriting the file and renaming it into place; indexes are never reassigned.
 * Keyword names follow RFC 3501's flag-keyword (atom) and are matched case-sensitively as stored.
 */
public final class DovecotKeywords {

    public static final String NAME = "dovecot-keywords";
    /** The letters a–z. */
    public static final int MAX_KEYWORDS = 26;

    private DovecotKeywords() {
    }

    /** Index to name, as the file has it now; empty if there is no file. */
    public static Map<Integer, String> read(Path folder) throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        String text;
        try {
            text = Files.readString(folder.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                int index = Integer.parseInt(line.substring(0, space));
                if (index >= 0 && index < MAX_KEYWORDS) {
                    out.put(index, line.substring(space + 1));
                }
            } catch (NumberFormatException ignored) {
                // Not a keyword line; Dovecot skips it as well.
            }
        }
        return out;
    }

    /** The info-suffix letter of {@code keyword} if the folder has it. */
    public static Optional<Character> letterOf(Path folder, String keyword) throws IOException {
        for (Map.Entry<Integer, String> e : read(folder).entrySet()) {
            if (e.getValue().equals(keyword)) {
                return Optional.of(MessageFlags.keywordLetter(e.getKey()));
            }
        }
        return Optional.empty();
    }

    /**
     * The letter of {@code keyword}, adding it at the lowest free index if the folder lacks it.
     *
     * @return empty if all 26 letters are taken or the lock could not be had within {@code lockTimeout}
     * @throws IllegalArgumentException if {@code keyword} is not an IMAP atom
     */
    public static Optional<Character> letterFor(Path folder, String keyword, String host, Duration lockTimeout)
            throws IOException {
        validate(keyword);
        Optional<Character> existing = letterOf(folder, keyword);
        if (existing.isPresent()) {
            return existing;
        }
        LockOutcome outcome = MaildirLock.acquire(folder.resolve(NAME + ".lock"), host, lockTimeout);
        if (!(outcome instanceof LockOutcome.Acquired)) {
            return Optional.empty();
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            Map<Integer, String> keywords = read(folder);
            for (Map.Entry<Integer, String> e : keywords.entrySet()) {
                if (e.getValue().equals(keyword)) {
                    return Optional.of(MessageFlags.keywordLetter(e.getKey()));
                }
            }
            int free = 0;
            while (keywords.containsKey(free)) {
                free++;
            }
            if (free >= MAX_KEYWORDS) {
                return Optional.empty();
            }
            keywords.put(free, keyword);
            write(folder, keywords);
            return Optional.of(MessageFlags.keywordLetter(free));
        }
    }

    /** RFC 3501 section 9: atom = 1*ATOM-CHAR, no system flag (those start with a backslash). */
    static void validate(String keyword) {
        if (keyword.isEmpty() || keyword.length() > 255) {
            throw new IllegalArgumentException("keyword length must be 1..255");
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                throw new IllegalArgumentException("keyword is not an IMAP atom: " + keyword);
            }
        }
    }

    private static void write(Path folder, Map<Integer, String> keywords) throws IOException {
        StringBuilder text = new StringBuilder();
        keywords.forEach((index, name) -> text.append(index).append(' ').append(name).append('\n'));
        Path tmp = folder.resolve(NAME + "." + MaildirNames.uniqueBase(Instant.now(), "tmp"));
        try {
            Fsync.newFile(tmp, text);
            AtomicRename.replacing(tmp, folder.resolve(NAME));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
