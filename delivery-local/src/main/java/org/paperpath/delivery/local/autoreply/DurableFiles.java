package org.paperpath.delivery.local.autoreply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The autoresponder's small state files on the shared volume, written by the maildir rule (invariant
 * 3): a unique name in {@code tmp/}, write, fsync, then link(2) into place, which fails rather than
 * replaces, so two replicas racing for one name agree on a single winner. No locks, no flock.
 */
final class DurableFiles {

    private final Path tmp;

    DurableFiles(Path tmp) {
        this.tmp = tmp;
    }

    /**
     * Creates {@code target} holding {@code content} unless it exists.
     *
     * @return true if this call created it, false if it was already there
     */
    boolean createOnce(Path target, byte[] content) throws IOException {
        return createOnce(target, content, null);
    }

    /** As {@link #createOnce(Path, byte[])}, with the file's mtime set to {@code mtime} before it appears. */
    boolean createOnce(Path target, byte[] content, FileTime mtime) throws IOException {
        Files.createDirectories(tmp);
        Files.createDirectories(target.getParent());
        Path file = tmp.resolve(UUID.randomUUID().toString());
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            if (mtime != null) {
                Files.setLastModifiedTime(file, mtime);
            }
            try {
                Files.createLink(target, file);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            fsyncDirectory(target.getParent());
            return true;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A file name for {@code key} that reveals nothing of it and is safe on any file system. */
    static String nameOf(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
