package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives a folder's messages their IMAP UIDs the way Dovecot does (DESIGN.md, "UIDs"): under the
 * folder's {@code dovecot-uidlist.lock} a scan moves new/ to cur/ (adding the empty {@code :2,}
 * info, maildir spec "reading"), and appends a {@code dovecot-uidlist} line for every base name that
 * has none, in delivery order. A base name's UID never changes; a UID is never given twice, because
 * only the lock holder assigns and it reads the list after taking the lock. Without a uidlist, a
 * {@code courierimapuiddb} is imported, else a fresh one starts with a UIDVALIDITY from the mail
 * root's {@link UidValidityCounter}. Lines of vanished files are dropped by rewriting the file
 * (compaction by rename) once they are more than half of it.
 */
public final class UidScanner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int COMPACT_MIN_DEAD = 64;
    private static final Comparator<Path> DELIVERY_ORDER = Comparator
            .comparingLong((Path p) -> MaildirNames.deliveryMicros(p.getFileName().toString()).orElse(Long.MAX_VALUE))
            .thenComparing(p -> p.getFileName().toString());

    private final UidValidityCounter counter;
    private final String host;
    private final Duration lockTimeout;

    /**
     * @param mailRoot the Maildir++ root (INBOX) whose counter gives UIDVALIDITY to every folder under it
     * @param host this node's name, written into locks
     */
    public UidScanner(Path mailRoot, String host, Duration lockTimeout) {
        this.counter = new UidValidityCounter(mailRoot);
        this.host = host;
        this.lockTimeout = lockTimeout;
    }

    /** Scans the folder at {@code folder} (the root itself for INBOX, {@code .Name} for others). */
    public ScanOutcome scan(Path folder) throws IOException {
        for (String dir : List.of("tmp", "new", "cur")) {
            Files.createDirectories(folder.resolve(dir));
        }
        LockOutcome outcome = MaildirLock.acquire(folder.resolve(UidlistFile.NAME + ".lock"), host, lockTimeout);
        if (outcome instanceof LockOutcome.TimedOut) {
            return new ScanOutcome.LockTimedOut(((LockOutcome.TimedOut) outcome).holder());
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            return scanLocked(folder);
        }
    }

    private ScanOutcome.Scanned scanLocked(Path folder) throws IOException {
        Path file = folder.resolve(UidlistFile.NAME);
        Uidlist list = load(folder, file);
        moveNewToCur(folder);
        Map<String, Path> onDisk = listBases(folder);
        if (!onDisk.keySet().containsAll(baseNames(list))) {
            // A concurrent flag rename can hide a file from one directory listing; a line must never be
            // taken for dead (and its UID lost at compaction) on the strength of one listing alone.
            onDisk.putAll(listBases(folder));
        }
        Set<String> known = new HashSet<>();
        List<UidMessage> messages = new ArrayList<>();
        for (UidlistEntry entry : list.entries()) {
            known.add(entry.baseName());
            Path p = onDisk.get(entry.baseName());
            if (p != null) {
                messages.add(new UidMessage(entry.uid(), entry.baseName(), p));
            }
        }
        List<Path> unknown = new ArrayList<>();
        for (Map.Entry<String, Path> e : onDisk.entrySet()) {
            if (!known.contains(e.getKey())) {
                unknown.add(e.getValue());
            }
        }
        unknown.sort(DELIVERY_ORDER);
        long next = list.nextUid();
        List<UidlistEntry> added = new ArrayList<>();
        for (Path p : unknown) {
            String base = MaildirNames.uniqueName(p.getFileName().toString());
            UidlistEntry entry = UidlistEntry.of(next++, base);
            added.add(entry);
            messages.add(new UidMessage(entry.uid(), base, p));
        }
        int dead = list.entries().size() - (messages.size() - added.size());
        if (dead >= COMPACT_MIN_DEAD && dead * 2 > list.entries().size()) {
            List<UidlistEntry> live = new ArrayList<>();
            for (UidlistEntry entry : list.entries()) {
                if (onDisk.containsKey(entry.baseName())) {
                    live.add(entry);
                }
            }
            live.addAll(added);
            UidlistFile.write(file, new Uidlist(list.uidValidity(), next, list.guid(), live));
        } else if (!added.isEmpty()) {
            UidlistFile.append(file, added);
        }
        return new ScanOutcome.Scanned(list.uidValidity(), next, messages);
    }

    /** The uidlist, after importing Courier's or starting a new one; a torn last line is cut off by a rewrite. */
    private Uidlist load(Path folder, Path file) throws IOException {
        Optional<UidlistFile.ReadResult> read = UidlistFile.read(file);
        if (read.isPresent()) {
            if (read.get().torn()) {
                UidlistFile.write(file, read.get().uidlist());
            }
            return read.get().uidlist();
        }
        Optional<Uidlist> courier = CourierUidDb.read(folder);
        Uidlist list = courier.isPresent()
                ? new Uidlist(courier.get().uidValidity(), courier.get().nextUid(), newGuid(), courier.get().entries())
                : new Uidlist(counter.next(), 1, newGuid(), List.of());
        UidlistFile.write(file, list);
        return list;
    }

    private static void moveNewToCur(Path folder) throws IOException {
        Path cur = folder.resolve("cur");
        boolean moved = false;
        for (Path p : files(folder.resolve("new"))) {
            String name = p.getFileName().toString();
            String target = name.indexOf(':') >= 0 ? name : name + ":2,";
            try {
                Files.move(p, cur.resolve(target), StandardCopyOption.ATOMIC_MOVE);
                moved = true;
            } catch (NoSuchFileException gone) {
                // Deleted or moved by a reader meanwhile.
            }
        }
        if (moved) {
            Fsync.directory(cur);
            Fsync.directory(folder.resolve("new"));
        }
    }

    /** Base name to file over cur/ and new/ (what arrived after the move keeps its place in new/). */
    private static Map<String, Path> listBases(Path folder) throws IOException {
        Map<String, Path> out = new HashMap<>();
        for (String dir : List.of("new", "cur")) {
            for (Path p : files(folder.resolve(dir))) {
                out.put(MaildirNames.uniqueName(p.getFileName().toString()), p);
            }
        }
        return out;
    }

    private static Set<String> baseNames(Uidlist list) {
        Set<String> out = new HashSet<>();
        for (UidlistEntry entry : list.entries()) {
            out.add(entry.baseName());
        }
        return out;
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
