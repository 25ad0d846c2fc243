package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What makes a delivery idempotent (DESIGN.md invariant 2): one small file per delivery key under
 * {@code paperpath-deliveries/} (no leading dot, so Maildir++ readers do not take it for a folder),
 * named by the key's SHA-256 and holding the file name the message gets. It is written before the
 * message is renamed into new/, so a retry after a crash reuses the same name.
 */
final class DeliveryMarkers {

    private final Path dir;
    private final Path tmp;
    private final String hostname;
    private final Clock clock;

    DeliveryMarkers(Path maildirRoot, String hostname, Clock clock) {
        this.dir = maildirRoot.resolve(Maildir.DELIVERIES_DIR);
        this.tmp = maildirRoot.resolve("tmp");
        this.hostname = hostname;
        this.clock = clock;
    }

    /** The name planned for {@code deliveryKey} by an earlier attempt, if any. */
    Optional<String> read(String deliveryKey) throws IOException {
        return readMarker(dir.resolve(keyHash(deliveryKey)));
    }

    /**
     * Makes the marker durable with {@code name} unless a concurrent delivery of the same key got
     * there first; returns the name that won. The marker is written like mail (tmp/, fsync) and put
     * in place with link(2), which fails rather than replaces, so two racing workers agree on one name.
     */
    String claim(String deliveryKey, String name) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve(keyHash(deliveryKey));
        Path tmpFile = tmp.resolve("marker." + MaildirNames.uniqueBase(clock.instant(), hostname));
        try {
            Fsync.newFile(tmpFile, name + "\n");
            try {
                Files.createLink(marker, tmpFile);
            } catch (FileAlreadyExistsException e) {
                return readMarker(marker).orElseThrow(() -> new IOException("empty delivery marker " + marker));
            }
            Fsync.directory(dir);
            return name;
        } finally {
            Files.deleteIfExists(tmpFile);
        }
    }

    private static Optional<String> readMarker(Path marker) throws IOException {
        try {
            String name = Files.readString(marker, StandardCharsets.UTF_8).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String keyHash(String deliveryKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(deliveryKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
