package org.paperpath.account;

import java.util.Locale;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * How mailbox passwords are hashed and which ones are accepted. Argon2id with Spring Security's
 * 5.8 defaults (16-byte salt, 32-byte hash, 16 MiB, 2 iterations, 1 lane); bench/account-bench
 * measures exactly these settings, so change both together.
 */
final class Passwords {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 1024;

    private Passwords() {
    }

    static Argon2PasswordEncoder encoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /**
     * Length is checked at the edge too; this also refuses what a guesser tries first.
     *
     * @throws InvalidInputException naming {@code password}
     */
    static void checkStrength(String password, String localPart) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw new InvalidInputException("password", "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        if ((localPart.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(localPart))
                || password.chars().distinct().count() < 4) {
            throw new InvalidInputException("password", "is too weak: it contains the mailbox name or repeats few characters");
        }
    }
}
