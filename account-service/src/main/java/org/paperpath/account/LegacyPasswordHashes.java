package org.paperpath.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Password hashes imported from vmailmgr, vpopmail and Dovecot passwd-files, so users migrate
 * without a password reset: crypt(3) in its DES, MD5 ({@code $1$}), SHA-256 ({@code $5$}), SHA-512
 * ({@code $6$}) and bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) forms, bare or with Dovecot's
 * scheme prefix ({@code {CRYPT}}, {@code {MD5-CRYPT}}, {@code {SHA256-CRYPT}}, {@code {SHA512-CRYPT}},
 * {@code {BLF-CRYPT}}). They are stored as the bare crypt string and replaced by Argon2id at the
 * next successful login ({@link Logins}). DES crypt reads only a password's first 8 characters;
 * that weakness lasts until the upgrade.
 */
final class LegacyPasswordHashes {

    private static final String B64 = "[./0-9A-Za-z]";
    private static final Pattern DES = Pattern.compile(B64 + "{13}");
    private static final Pattern MD5 = Pattern.compile("\\$1\\$" + B64 + "{1,8}\\$" + B64 + "{22}");
    private static final Pattern SHA256 = Pattern.compile("\\$5\\$(rounds=\\d{4,9}\\$)?" + B64 + "{1,16}\\$" + B64 + "{43}");
    private static final Pattern SHA512 = Pattern.compile("\\$6\\$(rounds=\\d{4,9}\\$)?" + B64 + "{1,16}\\$" + B64 + "{86}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$" + B64 + "{53}");
    private static final BCryptPasswordEncoder BCRYPT_ENCODER = new BCryptPasswordEncoder();

    private LegacyPasswordHashes() {
    }

    /**
     * The stored form of an imported hash, or empty if it is no hash this class can verify (or its
     * scheme prefix does not match its form).
     */
    static Optional<String> parse(String imported) {
        if (imported == null) {
            return Optional.empty();
        }
        String scheme = "";
        String hash = imported;
        if (imported.startsWith("{")) {
            int end = imported.indexOf('}');
            if (end < 0) {
                return Optional.empty();
            }
            scheme = imported.substring(1, end);
            hash = imported.substring(end + 1);
        }
        boolean fits;
        switch (scheme) {
            case "":
                fits = BCRYPT.matcher(hash).matches();
                break;
            case "CRYPT":
                fits = DES.matcher(hash).matches() || MD5.matcher(hash).matches() || SHA256.matcher(hash).matches()
                        || SHA512.matcher(hash).matches() || BCRYPT.matcher(hash).matches();
                break;
            case "MD5-CRYPT":
                fits = MD5.matcher(hash).matches();
                break;
            case "SHA256-CRYPT":
                fits = SHA256.matcher(hash).matches();
                break;
            case "SHA512-CRYPT":
                fits = SHA512.matcher(hash).matches();
                break;
            case "BLF-CRYPT":
                fits = BCRYPT.matcher(hash).matches();
                break;
            default:
                fits = false;
        }
        return fits ? Optional.of(hash) : Optional.empty();
    }

    /** Whether {@code stored} is one of these legacy forms rather than the current Argon2id. */
    static boolean isLegacy(String stored) {
        return !stored.startsWith("$argon2");
    }

    /** Checks {@code password} against a stored legacy hash. */
    static boolean matches(String password, String stored) {
        if (BCRYPT.matcher(stored).matches()) {
            return BCRYPT_ENCODER.matches(password, stored);
        }
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        String computed;
        if (MD5.matcher(stored).matches()) {
            computed = Md5Crypt.md5Crypt(key, stored);
        } else if (SHA256.matcher(stored).matches()) {
            computed = Sha2Crypt.sha256Crypt(key, stored);
        } else if (SHA512.matcher(stored).matches()) {
            computed = Sha2Crypt.sha512Crypt(key, stored);
        } else if (DES.matcher(stored).matches()) {
            computed = UnixCrypt.crypt(key, stored);
        } else {
            return false;
        }
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII));
    }
}
