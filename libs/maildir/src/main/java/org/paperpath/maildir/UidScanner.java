package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Gives a folder's messages their IMAP UIDs the way Dovecot does (DESIGN.md, "UIDs"): under the
 * folder's {@code dovecot-uidlist.lock} a scan moves new/ to cur/ (adding the empty {@code :2,}
 * info, maildir spec "reading"), and appends a {@code dovecot-uidlist} line for every base name that
 * has none, in delivery order. A base name's UID never changes; a UID is never given twice, because
 * only the lock holder assigns and it reads the list after taking the lock. Without a uidlist, a
 * {@code courierimapuiddb} is imported, else a fresh one starts with a UIDVALIDITY from the mail
 * root's {@link UidValidityCounter}. Lines of vanished files are dropped by rewriting the file
 * (compaction by rename) once they are more than half of it.
 *
 * <p>What a scan found is kept in a {@link ScanCache} ({@link FolderSnapshot}): a rescan of a folder
 * nobody changed answers from three stat(2) calls without the lock, and a changed one lists only
 * the directory that changed and reads only the uidlist lines appended since (issue 3, item 7).
 */
public final class UidScanner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COMPACT_MIN_DEAD = 64;

    private final UidValidityCounter counter;
    private final String host;
    private final Duration lockTimeout;
    private final ScanCache cache;

    /**
     * @param mailRoot the Maildir++ root (INBOX) whose counter gives UIDVALIDITY to every folder under it
     * @param host this node's name, written into locks
     */
    public UidScanner(Path mailRoot, String host, Duration lockTimeout) {
        this(mailRoot, host, lockTimeout, ScanCache.shared());
    }

    /** A scanner that remembers folders in {@code cache} rather than the process-wide one. */
    public UidScanner(Path mailRoot, String host, Duration lockTimeout, ScanCache cache) {
        this.counter = new UidValidityCounter(mailRoot);
        this.host = host;
        this.lockTimeout = lockTimeout;
        this.cache = cache;
    }

    /**
     * Scans the folder at {@code folder} (the root itself for INBOX, {@code .Name} for others). If
     * the cache shows new/, cur/ and the uidlist unchanged since the last scan, the last answer is
     * returned without the lock; otherwise the lock is taken and only what changed is looked at again.
     */
    public ScanOutcome scan(Path folder) throws IOException {
        FolderSnapshot snapshot = cache.get(FolderSnapshot.class, folder);
        if (snapshot != null) {
            Optional<ScanOutcome.Scanned> unchanged = snapshot.quick(cache);
            if (unchanged.isPresent()) {
                return unchanged.get();
            }
        }
        for (String dir : List.of("tmp", "new", "cur")) {
            Files.createDirectories(folder.resolve(dir));
        }
        LockOutcome outcome = MaildirLock.acquire(folder.resolve(UidlistFile.NAME + ".lock"), host, lockTimeout);
        if (outcome instanceof LockOutcome.TimedOut) {
            return new ScanOutcome.LockTimedOut(((LockOutcome.TimedOut) outcome).holder());
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            FolderSnapshot current = snapshot != null ? snapshot : new FolderSnapshot(folder);
            ScanOutcome.Scanned scanned = current.rescan(cache, this::load, COMPACT_MIN_DEAD);
            cache.put(folder, current);
            return scanned;
        }
    }

    /**
     * The uidlist, after importing Courier's or starting a new one; a torn last line is cut off by a
     * rewrite (in version 3). Says whether the file is now version 3.
     */
    private FolderSnapshot.Loaded load(Path folder, Path file) throws IOException {
        Optional<UidlistFile.ReadResult> read = UidlistFile.read(file);
        if (read.isPresent()) {
            if (read.get().torn()) {
                UidlistFile.write(file, read.get().uidlist());
                return new FolderSnapshot.Loaded(read.get().uidlist(), true);
            }
            return new FolderSnapshot.Loaded(read.get().uidlist(), read.get().version() == 3);
        }
        Optional<Uidlist> courier = CourierUidDb.read(folder);
        Uidlist list = courier.isPresent()
                ? new Uidlist(courier.get().uidValidity(), courier.get().nextUid(), newGuid(), courier.get().entries())
                : new Uidlist(counter.next(), 1, newGuid(), List.of());
        UidlistFile.write(file, list);
        return new FolderSnapshot.Loaded(list, true);
    }

    private static String newGuid() {
        byte[] guid = new byte[16];
        RANDOM.nextBytes(guid);
        return HexFormat.of().formatHex(guid);
    }

    static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }
}
