package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What makes a delivery idempotent (DESIGN.md invariant 2): one marker per delivery key under
 * {@code paperpath-deliveries/} (no leading dot, so Maildir++ readers do not take it for a folder),
 * named by the key's SHA-256 and pointing at the file name the message gets. The marker is a
 * symbolic link whose target is that name: symlink(2) creates name and content in one atomic step
 * that fails rather than replaces (on NFS too, where the server commits it before answering), so
 * two racing deliveries of one key agree on one name, and no temporary file or file fsync is
 * needed. It is made durable ({@link #sync}) before the message is renamed into new/, so a retry
 * after a crash reuses the same name. Markers written as regular files holding the name (before
 * this format) are still read.
 */
final class DeliveryMarkers {

    private final Path dir;

    DeliveryMarkers(Path maildirRoot) {
        this.dir = maildirRoot.resolve(Maildir.DELIVERIES_DIR);
    }

    /** The name planned for {@code deliveryKey} by an earlier attempt, if any. */
    Optional<String> read(String deliveryKey) throws IOException {
        return readMarker(dir.resolve(keyHash(deliveryKey)));
    }

    /**
     * Puts the marker in place with {@code name} unless a concurrent delivery of the same key got
     * there first; returns the name that won. Not yet durable: see {@link #sync}.
     */
    String claim(String deliveryKey, String name) throws IOException {
        Path marker = dir.resolve(keyHash(deliveryKey));
        try {
            link(marker, name);
        } catch (FileAlreadyExistsException e) {
            // A racing delivery of the same key, or our own NFS call retransmitted after a lost reply.
            return readMarker(marker).orElseThrow(() -> new IOException("empty delivery marker " + marker));
        }
        return name;
    }

    /** Makes the markers created so far durable: fsync(2) of their directory. */
    void sync() throws IOException {
        Fsync.directory(dir);
    }

    private void link(Path marker, String name) throws IOException {
        try {
            Files.createSymbolicLink(marker, Path.of(name));
        } catch (NoSuchFileException firstMarker) {
            Files.createDirectories(dir);
            Files.createSymbolicLink(marker, Path.of(name));
        }
    }

    private static Optional<String> readMarker(Path marker) throws IOException {
        String name;
        try {
            name = Files.readSymbolicLink(marker).toString();
        } catch (NotLinkException regularFile) {
            name = Files.readString(marker, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
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
