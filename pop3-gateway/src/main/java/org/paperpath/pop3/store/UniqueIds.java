package org.paperpath.pop3.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Maps a Maildir unique name to a POP3 unique-id. RFC 1939 section 7 allows 1 to 70 characters in
 * 0x21..0x7E; a Maildir name with a long host part exceeds that, so such names (and any with other
 * characters) become {@code ~} plus a base64url SHA-256 of the name: still stable, still unique.
 */
final class UniqueIds {

    static final int MAX_LENGTH = 70;

    private UniqueIds() {
    }

    static String of(String uniqueName) {
        if (!uniqueName.isEmpty() && uniqueName.length() <= MAX_LENGTH && printable(uniqueName)
                && !uniqueName.startsWith("~")) {
            return uniqueName;
        }
        return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(uniqueName));
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
