package org.paperpath.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one stat(2) of a folder's new/, cur/ or {@code dovecot-uidlist} says, compared by a
 * {@link ScanCache} to learn that nothing changed since a scan: device and inode (a folder or a
 * uidlist replaced by rename), size, and mtime and ctime in nanoseconds (ctime as well because
 * utime(2) can set an mtime back, but nothing sets a ctime back).
 *
 * @param size the file's size, or -1 for a path that does not exist
 */
record FileStamp(long device, long inode, long size, long mtimeNanos, long ctimeNanos) {

    /** A path that does not exist; equal to itself, so a folder that stays missing stays unchanged. */
    static final FileStamp ABSENT = new FileStamp(0, 0, -1, 0, 0);

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    /**
     * Stats {@code path}, {@link #ABSENT} if it does not exist. With {@code openFirst} the path is
     * opened before: on NFS an open(2) revalidates the client's cached attributes with the server (close-to-open
     * consistency), where a bare stat(2) may answer from a cache up to a minute old (acdirmax) and
     * so hide another node's delivery.
     */
    static FileStamp read(Path path, boolean openFirst) throws IOException {
        try {
            if (openFirst) {
                try (FileChannel revalidate = FileChannel.open(path, StandardOpenOption.READ)) {
                    return stat(path);
                }
            }
            return stat(path);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return ABSENT;
        }
    }

    private static FileStamp stat(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES);
        return new FileStamp(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("size")).longValue(), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")));
    }

    boolean exists() {
        return size >= 0;
    }

    /** Whether this is the same file as {@code other} (same device and inode), so it can only have grown. */
    boolean sameFile(FileStamp other) {
        return exists() && other.exists() && device == other.device && inode == other.inode;
    }

    /**
     * Whether no later change can share this stamp: its mtime and ctime are older than {@code now}
     * minus {@code margin}. A file system stamps changes with a clock tick (a second on some NFS
     * servers), so a change made in the same tick as the one this stamp shows would leave it
     * unchanged; and NFS clients compare the server's stamps with their own clock. The margin
     * covers both (Dovecot's MAILDIR_SYNC_SECS, maildir-sync.c).
     */
    boolean settledAt(Instant now, Duration margin) {
        if (!exists()) {
            return true;
        }
        long limit = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano() - margin.toNanos();
        return mtimeNanos < limit && ctimeNanos < limit;
    }

    private static long nanos(Object time) {
        FileTime t = (FileTime) time;
        Instant i = t.toInstant();
        return TimeUnit.SECONDS.toNanos(i.getEpochSecond()) + i.getNano();
    }
}
