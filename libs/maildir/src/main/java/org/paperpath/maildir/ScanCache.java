package org.paperpath.maildir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the last scans of folders found, kept in memory for this process (issue 3, item 7), so that
 * rescanning a folder nobody changed costs three stat(2) calls (new/, cur/, {@code dovecot-uidlist})
 * instead of listing it, and a changed folder lists only the directory that changed. Used by
 * {@link UidScanner} and {@link Maildir#list()}.
 *
 * <p>Several nodes change the same Maildir over NFS, so the cache trusts nothing but the file
 * system: a directory is listed again unless its device, inode, size, mtime and ctime are what they
 * were just before the last listing, and that listing was made when those times were already older
 * than the settle margin (see {@link FileStamp#settledAt}); otherwise a change in the same clock
 * tick could hide behind an unchanged stamp. Whatever a scan itself renames makes the directory
 * count as changed. Stamps are taken after an open(2) of the path when {@code nfsRevalidate} is set,
 * because only an open makes an NFS client ask the server for fresh attributes.
 *
 * <p>At most {@code maxMessages} messages are remembered, least recently scanned folders dropped
 * first; a dropped folder costs one full scan.
 */
public final class ScanCache {

    /** Dovecot's MAILDIR_SYNC_SECS plus one second for the clocks of NFS clients and server to differ. */
    public static final Duration DEFAULT_SETTLE_MARGIN = Duration.ofSeconds(2);

    /** Around 100 MB of heap at most: about 400 bytes per remembered message. */
    public static final int DEFAULT_MAX_MESSAGES = 250_000;

    private static final ScanCache SHARED = new ScanCache(DEFAULT_MAX_MESSAGES, DEFAULT_SETTLE_MARGIN, true);

    /** One folder's remembered state. */
    interface Snapshot {
        /** Messages held, for the cache's size limit. */
        int messageCount();
    }

    /** How the cache looks at the file system; tests put in one that coarsens times. */
    interface Probe {
        FileStamp stamp(Path path) throws IOException;

        /** The names in {@code dir} that do not start with a dot; none if it does not exist. */
        List<String> list(Path dir) throws IOException;
    }

    /**
     * What {@link #look} found in a directory.
     *
     * @param names the directory's entries, or null if it is unchanged since the known stamp
     */
    record Look(FileStamp stamp, boolean settled, List<String> names) {
    }

    private record Key(Class<? extends Snapshot> kind, Path folder) {
    }

    private record Held(Snapshot snapshot, int messages) {
    }

    private final int maxMessages;
    private final Duration settleMargin;
    private final Clock clock;
    private final Probe probe;
    private final AtomicLong stats = new AtomicLong();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong uidlistBytes = new AtomicLong();
    private final LinkedHashMap<Key, Held> held = new LinkedHashMap<>(16, 0.75f, true);
    private long heldMessages;

    /**
     * @param maxMessages how many messages to remember over all folders
     * @param settleMargin how old a directory's mtime must be before an unchanged mtime proves that
     *     nothing changed: the file system's timestamp granularity plus the clock difference between
     *     the nodes sharing the volume
     * @param nfsRevalidate open each path before stat(2), as NFS needs for fresh attributes
     */
    public ScanCache(int maxMessages, Duration settleMargin, boolean nfsRevalidate) {
        this(maxMessages, settleMargin, Clock.systemUTC(), new FileSystemProbe(nfsRevalidate));
    }

    ScanCache(int maxMessages, Duration settleMargin, Clock clock, Probe probe) {
        if (maxMessages < 0 || settleMargin.isNegative()) {
            throw new IllegalArgumentException("maxMessages and settleMargin must not be negative");
        }
        this.maxMessages = maxMessages;
        this.settleMargin = settleMargin;
        this.clock = clock;
        this.probe = probe;
    }

    /** The real file system, opening each path before stat(2) if {@code nfsRevalidate}. */
    static Probe fileSystem(boolean nfsRevalidate) {
        return new FileSystemProbe(nfsRevalidate);
    }

    /** The process-wide cache that {@link Maildir#open(Path, String)} and the plain UidScanner use. */
    public static ScanCache shared() {
        return SHARED;
    }

    /** stat(2) calls made so far (one per directory or uidlist looked at). */
    public long statCalls() {
        return stats.get();
    }

    /** Directories listed so far. */
    public long directoryListings() {
        return listings.get();
    }

    /** Bytes of {@code dovecot-uidlist} files read so far. */
    public long uidlistBytesRead() {
        return uidlistBytes.get();
    }

    /** Forgets every folder: the next scan of each lists it in full. */
    public synchronized void clear() {
        held.clear();
        heldMessages = 0;
    }

    FileStamp stamp(Path path) throws IOException {
        stats.incrementAndGet();
        return probe.stamp(path);
    }

    boolean settled(FileStamp stamp) {
        return stamp.settledAt(clock.instant(), settleMargin);
    }

    /**
     * Stats {@code dir} and lists it unless it is unchanged since {@code known} and {@code known} was
     * settled. The stamp is taken before the listing, so a change made during the listing shows as
     * a changed stamp next time.
     */
    Look look(Path dir, FileStamp known, boolean knownSettled) throws IOException {
        FileStamp now = stamp(dir);
        boolean settled = settled(now);
        if (knownSettled && now.equals(known)) {
            return new Look(now, true, null);
        }
        listings.incrementAndGet();
        return new Look(now, settled, probe.list(dir));
    }

    void countUidlistBytes(long bytes) {
        uidlistBytes.addAndGet(bytes);
    }

    synchronized <S extends Snapshot> S get(Class<S> kind, Path folder) {
        Held h = held.get(new Key(kind, key(folder)));
        return h == null ? null : kind.cast(h.snapshot());
    }

    /** Keeps {@code snapshot} for {@code folder} and drops the least recently used folders over the limit. */
    synchronized void put(Path folder, Snapshot snapshot) {
        int messages = snapshot.messageCount();
        Held before = held.put(new Key(snapshot.getClass(), key(folder)), new Held(snapshot, messages));
        heldMessages += messages - (before == null ? 0 : before.messages());
        Iterator<Map.Entry<Key, Held>> eldest = held.entrySet().iterator();
        while (heldMessages > maxMessages && held.size() > 1) {
            Held dropped = eldest.next().getValue();
            eldest.remove();
            heldMessages -= dropped.messages();
        }
    }

    private static Path key(Path folder) {
        return folder.toAbsolutePath().normalize();
    }

    /** The real file system. */
    private record FileSystemProbe(boolean nfsRevalidate) implements Probe {

        @Override
        public FileStamp stamp(Path path) throws IOException {
            return FileStamp.read(path, nfsRevalidate);
        }

        /** By {@link File#list()}: names only, without a {@link Path} object per entry as a DirectoryStream makes. */
        @Override
        public List<String> list(Path dir) throws IOException {
            String[] names = dir.toFile().list();
            if (names == null) {
                if (!Files.isDirectory(dir)) {
                    return List.of();
                }
                throw new IOException("cannot list " + dir);
            }
            List<String> out = new ArrayList<>(names.length);
            for (String name : names) {
                if (!name.startsWith(".")) {
                    out.add(name);
                }
            }
            return out;
        }
    }
}
