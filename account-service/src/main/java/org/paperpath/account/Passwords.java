package org.paperpath.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * How mailbox passwords are hashed and which ones are accepted. Argon2id with Spring Security's
 * 5.8 defaults (16-byte salt, 32-byte hash, 16 MiB, 2 iterations, 1 lane); bench/account-bench
 * measures exactly these settings, so change both together.
 *
 * <p>Acceptance follows NIST SP 800-63B (5.1.1.2): at least {@value #MIN_LENGTH} characters
 * (Unicode code points), at most {@value #MAX_BYTES} octets of UTF-8, any characters, no
 * composition rules; refused are passwords on the bundled list of common ones
 * ({@code common-passwords.txt}, also with digits or symbols only added around a listed word),
 * passwords naming the mailbox (its local part, its domain or a label of it, its address) and
 * passwords of few distinct characters or one ascending or descending run ({@code abcdefgh},
 * {@code 98765432}). A refusal names {@code password} and says why, never echoing the password.
 */
final class Passwords {

    static final int MIN_LENGTH = 8;
    static final int MAX_BYTES = 1024;
    /** Fewer distinct characters than this is a repetition ({@code aaaaaaaa}, {@code abababab}). */
    static final int MIN_DISTINCT = 4;
    /** Shorter local parts or domain labels are too common inside words to be refused there. */
    private static final int MIN_CONTEXT_LENGTH = 3;

    private static final Set<String> COMMON = load("common-passwords.txt");

    private Passwords() {
    }

    static Argon2PasswordEncoder encoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /**
     * Checks a password about to be set for {@code localPart@domain}; imported hashes are not checked.
     *
     * @param localPart the normalised local part
     * @param domain the domain as stored (A-label)
     * @throws InvalidInputException naming {@code password}, with a reason that does not contain it
     */
    static void checkStrength(String password, String localPart, String domain) {
        if (password == null) {
            throw new InvalidInputException("password", "must be given");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidInputException("password", "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException("password", "must be at most " + MAX_BYTES + " octets (UTF-8)");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String word = stripNonLetters(lower);
        if (COMMON.contains(lower) || (!word.isEmpty() && COMMON.contains(word))) {
            throw new InvalidInputException("password", "is too common: it is on the list of passwords guessers try first");
        }
        if (namesMailbox(lower, word, localPart, domain)) {
            throw new InvalidInputException("password", "must not contain the mailbox's name, its domain or its address");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT || isRun(lower)) {
            throw new InvalidInputException("password",
                    "is too weak: it repeats few characters or is a plain ascending or descending sequence");
        }
    }

    private static boolean namesMailbox(String lower, String word, String localPart, String domain) {
        String local = localPart == null ? "" : localPart.toLowerCase(Locale.ROOT);
        String dom = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
        Set<String> names = new HashSet<>();
        if (!dom.isEmpty()) {
            names.add(dom);
            names.add(unicode(dom));
            if (!local.isEmpty()) {
                names.add(local + "@" + dom);
                names.add(local + "@" + unicode(dom));
            }
        }
        if (local.length() >= MIN_CONTEXT_LENGTH) {
            names.add(local);
        }
        for (String name : names) {
            if (lower.contains(name)) {
                return true;
            }
        }
        // The domain's own words with only digits or symbols around them: example2024 at example.test.
        for (String label : unicode(dom).split("\\.")) {
            if (label.length() >= MIN_CONTEXT_LENGTH && label.equals(word)) {
                return true;
            }
        }
        return false;
    }

    /** One run of code points each one above (or each one below) the one before: abcdefgh, 87654321. */
    private static boolean isRun(String lower) {
        int[] points = lower.codePoints().toArray();
        int step = points[1] - points[0];
        if (step != 1 && step != -1) {
            return false;
        }
        for (int i = 2; i < points.length; i++) {
            if (points[i] - points[i - 1] != step) {
                return false;
            }
        }
        return true;
    }

    /** The password without the digits, symbols and spaces before its first and after its last letter. */
    private static String stripNonLetters(String lower) {
        int start = 0;
        int end = lower.length();
        while (start < end && !Character.isLetter(lower.codePointAt(start))) {
            start += Character.charCount(lower.codePointAt(start));
        }
        while (end > start && !Character.isLetter(lower.codePointBefore(end))) {
            end -= Character.charCount(lower.codePointBefore(end));
        }
        return lower.substring(start, end);
    }

    private static String unicode(String domain) {
        try {
            return IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return domain;
        }
    }

    private static Set<String> load(String resource) {
        Set<String> words = new HashSet<>();
        try (InputStream in = Passwords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + Passwords.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
