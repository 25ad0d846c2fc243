package org.paperpath.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator's bearer token on one machine: the one given in {@code PAPERPATH_ADMIN_TOKEN}, else the
 * one kept in {@code <data>/admin-token} (mode 600) from an earlier start, else a new random one
 * written there. A restart on the same data folder keeps the same token.
 */
final class AdminToken {

    static final String FILE_NAME = "admin-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminToken() {
    }

    /** @return the token and whether it came from the file (so the caller can say where it is) */
    static Resolved resolve(String configured, Path dataDir) throws IOException {
        if (!configured.isEmpty()) {
            return new Resolved(configured, null);
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (kept.length() >= 16) {
                return new Resolved(kept, file);
            }
        }
        String token = randomToken();
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Resolved(token, file);
    }

    static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    record Resolved(String token, Path file) {
    }
}
