package org.paperpath.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An NFS-safe dot-lock such as Dovecot's {@code dovecot-uidlist.lock} (DESIGN.md, "UIDs"; the
 * link(2) method of open(2)'s O_EXCL note in Linux man-pages, which Dovecot's file-dotlock.c uses):
 * a unique temporary file holding {@code pid:host} is hard-linked to the lock name. link(2) is
 * atomic on NFS, but its reply can be lost and the retransmitted call then fails with EEXIST
 * although the first one succeeded; so success is decided by the temporary file's link count being
 * 2, never by the call's result.
 *
 * <p>A lock whose mtime is older than {@link #STALE_AFTER} belongs to a crashed holder and is
 * removed; a live holder therefore touches its lock every {@link #TOUCH_EVERY}. The lock is released
 * by deleting it ({@link #close}).
 */
public final class MaildirLock implements AutoCloseable {

    /** Dovecot's default for dovecot-uidlist.lock. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(120);
    static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private static final ScheduledExecutorService TOUCHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maildir-lock-toucher");
        t.setDaemon(true);
        return t;
    });
    private static final long PID = ProcessHandle.current().pid();

    private final Path lockFile;
    private final ScheduledFuture<?> toucher;
    private volatile boolean released;

    private MaildirLock(Path lockFile) {
        this.lockFile = lockFile;
        long every = TOUCH_EVERY.toMillis();
        this.toucher = TOUCHER.scheduleWithFixedDelay(this::touchQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock {@code lockFile}, waiting up to {@code timeout} for a live holder and breaking a
     * stale one.
     *
     * @param host this node's name, written into the lock for whoever finds it held
     * @throws IOException if the directory cannot be written at all
     */
    public static LockOutcome acquire(Path lockFile, String host, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String content = PID + ":" + host;
        long sleepMillis = 2;
        while (true) {
            if (tryLink(lockFile, content)) {
                return new LockOutcome.Acquired(new MaildirLock(lockFile));
            }
            breakIfStale(lockFile);
            if (System.nanoTime() - deadline >= 0) {
                return new LockOutcome.TimedOut(lockFile, holder(lockFile));
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new LockOutcome.TimedOut(lockFile, holder(lockFile));
            }
            sleepMillis = Math.min(100, sleepMillis * 2);
        }
    }

    public Path path() {
        return lockFile;
    }

    /** Sets the lock's mtime to now so that no other node takes it for stale. */
    public void touch() throws IOException {
        Files.setLastModifiedTime(lockFile, FileTime.from(Instant.now()));
    }

    /** Releases the lock by deleting it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!released) {
            released = true;
            toucher.cancel(false);
            Files.deleteIfExists(lockFile);
        }
    }

    private void touchQuietly() {
        try {
            if (!released) {
                touch();
            }
        } catch (IOException ignored) {
            // The next scheduled touch tries again; a lock lost meanwhile is found out by its holder's writes.
        }
    }

    private static boolean tryLink(Path lockFile, String content) throws IOException {
        Path tmp = lockFile.resolveSibling(lockFile.getFileName() + "." + MaildirNames.uniqueBase(Instant.now(), "tmp"));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
        }
        try {
            try {
                Files.createLink(lockFile, tmp);
            } catch (FileAlreadyExistsException maybeLostReply) {
                // Decided by the link count below.
            }
            Object links = Files.getAttribute(tmp, "unix:nlink");
            return links instanceof Integer && (Integer) links == 2;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Removes the lock if its mtime is older than {@link #STALE_AFTER}. Two nodes breaking the same
     * stale lock at once may both delete; the link race that follows still admits only one.
     */
    private static void breakIfStale(Path lockFile) throws IOException {
        try {
            FileTime mtime = Files.getLastModifiedTime(lockFile);
            if (mtime.toInstant().plus(STALE_AFTER).isBefore(Instant.now())) {
                Files.deleteIfExists(lockFile);
            }
        } catch (NoSuchFileException released) {
            // Gone already: the next link attempt may win.
        }
    }

    private static String holder(Path lockFile) {
        try {
            return Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
