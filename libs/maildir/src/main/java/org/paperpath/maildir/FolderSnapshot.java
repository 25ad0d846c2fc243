package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link UidScanner} last found in one folder, kept by a {@link ScanCache}: the uidlist as
 * read (and how far), the names in new/ and cur/ with the stamps those directories had just before
 * they were listed, and the answer. {@link #quick} answers a rescan from three stamps when nothing
 * changed; {@link #rescan}, under the folder's lock, lists only the directories whose stamps
 * changed, reads only the uidlist lines appended since, and rebuilds the answer from what it kept.
 */
final class FolderSnapshot implements ScanCache.Snapshot {

    /** New UIDs go in delivery order (the time in the name; names without one last), then by name. */
    private static final Comparator<Named> DELIVERY_ORDER =
            Comparator.comparingLong(Named::micros).thenComparing(Named::fileName);

    private record Named(long micros, String fileName) {

        static Named of(String fileName) {
            return new Named(MaildirNames.deliveryMicros(fileName).orElse(Long.MAX_VALUE), fileName);
        }
    }

    /** Reads a uidlist in full, importing or creating it when missing. */
    @FunctionalInterface
    interface Loader {
        Loaded load(Path folder, Path file) throws IOException;
    }

    /**
     * A uidlist read in full, and whether the file is in version 3 (else version 1, Dovecot 1.0's,
     * which must be rewritten as version 3 before version 3 lines are appended).
     */
    record Loaded(Uidlist uidlist, boolean version3) {
    }

    /** What {@link #quick} compares; replaced whole after every rescan. */
    private record Answer(FileStamp newDir, FileStamp curDir, FileStamp uidlist, boolean settled,
            ScanOutcome.Scanned scanned) {
    }

    private final Path folder;
    private volatile Answer answer;

    // The fields below are used under this object's monitor and the folder's dot-lock only.
    private UidlistTail tail;
    private long uidValidity;
    private long headerNextUid;
    private String guid = "";
    /** Whether the file as last read in full (or last written here) is version 3. */
    private boolean version3 = true;
    private final List<UidlistEntry> entries = new ArrayList<>();
    private final Map<String, Long> uidByBase = new HashMap<>();
    private FileStamp newStamp = FileStamp.ABSENT;
    private boolean newSettled;
    private List<String> newNames = List.of();
    private FileStamp curStamp = FileStamp.ABSENT;
    private boolean curSettled;
    /** Base name to file name in cur/. */
    private Map<String, String> cur = new HashMap<>();
    private int dead;

    FolderSnapshot(Path folder) {
        this.folder = folder;
    }

    @Override
    public int messageCount() {
        Answer a = answer;
        return Math.max(entries.size(), a == null ? 0 : a.scanned().messages().size());
    }

    /** The last answer if new/, cur/ and the uidlist are all as it saw them and it can be trusted. */
    Optional<ScanOutcome.Scanned> quick(ScanCache cache) throws IOException {
        Answer a = answer;
        if (a == null || !a.settled()
                || !cache.stamp(folder.resolve("new")).equals(a.newDir())
                || !cache.stamp(folder.resolve("cur")).equals(a.curDir())
                || !cache.stamp(folder.resolve(UidlistFile.NAME)).equals(a.uidlist())) {
            return Optional.empty();
        }
        return Optional.of(a.scanned());
    }

    /**
     * The full scan's answer, found by looking again only where something changed. Moves new/ to
     * cur/ and appends lines for new base names like the full scan; the caller holds the lock.
     */
    synchronized ScanOutcome.Scanned rescan(ScanCache cache, Loader loader, int compactMinDead) throws IOException {
        try {
            return rescanLocked(cache, loader, compactMinDead);
        } catch (IOException | RuntimeException e) {
            // What was kept may be half updated: the next scan starts from nothing.
            forget();
            throw e;
        }
    }

    private void forget() {
        answer = null;
        tail = null;
        entries.clear();
        uidByBase.clear();
        newStamp = FileStamp.ABSENT;
        newSettled = false;
        newNames = List.of();
        curStamp = FileStamp.ABSENT;
        curSettled = false;
        cur = new HashMap<>();
    }

    private ScanOutcome.Scanned rescanLocked(ScanCache cache, Loader loader, int compactMinDead) throws IOException {
        Path file = folder.resolve(UidlistFile.NAME);
        boolean uidsChanged = readUidlist(cache, loader, file);
        ScanCache.Look newLook = cache.look(folder.resolve("new"), newStamp, newSettled);
        ScanCache.Look curLook = cache.look(folder.resolve("cur"), curStamp, curSettled);
        List<String> inNew = newLook.names() != null ? newLook.names() : newNames;
        Map<String, String> curBefore = cur;
        if (curLook.names() != null) {
            cur = byBase(curLook.names());
        }
        List<String> moved = moveNewToCur(inNew);
        newStamp = newLook.stamp();
        newSettled = newLook.settled() && moved.isEmpty();
        newNames = moved.isEmpty() ? inNew : List.of();
        curStamp = curLook.stamp();
        curSettled = curLook.settled() && moved.isEmpty();

        Answer before = answer;
        boolean incremental = before != null && !uidsChanged && curLook.names() == null
                && moved.stream().noneMatch(name -> uidByBase.containsKey(MaildirNames.uniqueName(name)));
        List<UidMessage> messages = incremental ? new ArrayList<>(before.scanned().messages()) : live(before, curBefore);
        // Every file in cur/ that has a line is one live message; only when files outnumber them are some new.
        List<UidlistEntry> added = assign(incremental ? moved
                : messages.size() == cur.size() ? List.of() : unknown(), messages);

        Optional<Map<String, String>> onDisk = dead >= compactMinDead && dead * 2 > entries.size()
                ? confirmDead(cache) : Optional.empty();
        if (onDisk.isPresent()) {
            compact(cache, file, onDisk.get(), added);
        } else if (!added.isEmpty()) {
            append(cache, file, added);
        }
        FileStamp uidlistNow = tail != null ? tail.stamp() : cache.stamp(file);
        ScanOutcome.Scanned scanned = new ScanOutcome.Scanned(uidValidity, nextUid(), messages);
        answer = new Answer(newStamp, curStamp, uidlistNow,
                newSettled && curSettled && tail != null && tail.settled(), scanned);
        return scanned;
    }

    /** Brings the kept uidlist up to the file; true if it gained or lost entries. */
    private boolean readUidlist(ScanCache cache, Loader loader, Path file) throws IOException {
        FileStamp now = cache.stamp(file);
        boolean settled = cache.settled(now);
        if (tail != null && tail.settled() && now.equals(tail.stamp())) {
            return false;
        }
        if (tail != null) {
            Optional<UidlistTail.Appended> appended = tail.appended(file, now, settled, cache);
            if (appended.isPresent()) {
                tail = appended.get().tail();
                appended.get().entries().forEach(this::remember);
                return !appended.get().entries().isEmpty();
            }
        }
        Loaded loaded = loader.load(folder, file);
        Uidlist list = loaded.uidlist();
        version3 = loaded.version3();
        FileStamp read = cache.stamp(file);
        cache.countUidlistBytes(read.size());
        uidValidity = list.uidValidity();
        headerNextUid = list.headerNextUid();
        guid = list.guid();
        entries.clear();
        uidByBase.clear();
        for (UidlistEntry entry : list.entries()) {
            remember(entry);
        }
        tail = UidlistTail.of(file, read, cache.settled(read)).orElse(null);
        return true;
    }

    private void remember(UidlistEntry entry) {
        entries.add(entry);
        uidByBase.put(entry.baseName(), entry.uid());
    }

    /**
     * The messages of the uidlist whose files are in cur/; sets {@link #dead}. A message whose file
     * name is what it was ({@code curBefore}) keeps the last answer's object, so that a relisting
     * of cur/ allocates only for what changed. Both lists are in UID order, so the last answer is
     * walked alongside rather than searched.
     */
    private List<UidMessage> live(Answer before, Map<String, String> curBefore) {
        List<UidMessage> previous = before == null ? List.of() : before.scanned().messages();
        Path curDir = folder.resolve("cur");
        List<UidMessage> out = new ArrayList<>(cur.size());
        int at = 0;
        for (UidlistEntry entry : entries) {
            String fileName = cur.get(entry.baseName());
            if (fileName == null) {
                continue;
            }
            while (at < previous.size() && previous.get(at).uid() < entry.uid()) {
                at++;
            }
            UidMessage old = at < previous.size() ? previous.get(at) : null;
            boolean same = old != null && old.uid() == entry.uid() && old.baseName().equals(entry.baseName())
                    && fileName.equals(curBefore.get(entry.baseName()));
            out.add(same ? old : new UidMessage(entry.uid(), entry.baseName(), curDir.resolve(fileName)));
        }
        dead = entries.size() - out.size();
        return out;
    }

    /** File names in cur/ whose base names have no UID yet. */
    private List<String> unknown() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : cur.entrySet()) {
            if (!uidByBase.containsKey(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    /** Gives {@code fileNames} (in cur/) the next UIDs in delivery order and adds them to {@code messages}. */
    private List<UidlistEntry> assign(List<String> fileNames, List<UidMessage> messages) {
        List<Named> ordered = new ArrayList<>(fileNames.size());
        for (String fileName : fileNames) {
            ordered.add(Named.of(fileName));
        }
        ordered.sort(DELIVERY_ORDER);
        long next = nextUid();
        List<UidlistEntry> added = new ArrayList<>();
        Path curDir = folder.resolve("cur");
        for (Named named : ordered) {
            String fileName = named.fileName();
            UidlistEntry entry = UidlistEntry.of(next++, MaildirNames.uniqueName(fileName));
            added.add(entry);
            messages.add(new UidMessage(entry.uid(), entry.baseName(), curDir.resolve(fileName)));
        }
        return added;
    }

    private long nextUid() {
        long afterLast = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).uid() + 1;
        return Math.max(Math.max(1, headerNextUid), afterLast);
    }

    /** Moves what new/ held to cur/ (adding the empty {@code :2,} info); returns the cur/ names of what moved. */
    private List<String> moveNewToCur(List<String> inNew) throws IOException {
        Path newDir = folder.resolve("new");
        Path curDir = folder.resolve("cur");
        List<String> moved = new ArrayList<>();
        for (String name : inNew) {
            String target = name.indexOf(':') >= 0 ? name : name + ":2,";
            try {
                AtomicRename.move(newDir.resolve(name), curDir.resolve(target));
            } catch (NoSuchFileException gone) {
                // Deleted or moved by a reader meanwhile; the next listing of cur/ finds it if it moved.
                continue;
            }
            cur.put(MaildirNames.uniqueName(target), target);
            moved.add(target);
        }
        if (!moved.isEmpty()) {
            Fsync.directory(curDir);
            Fsync.directory(newDir);
        }
        return moved;
    }

    /**
     * Whether the dead lines are dead on a second look: a concurrent flag rename can hide a file from
     * one listing, and a line taken for dead would lose its UID at compaction. Lists both
     * directories afresh and counts a line live if either look saw its file.
     */
    private Optional<Map<String, String>> confirmDead(ScanCache cache) throws IOException {
        Map<String, String> seen = new HashMap<>(cur);
        for (String dir : List.of("new", "cur")) {
            for (String name : cache.look(folder.resolve(dir), FileStamp.ABSENT, false).names()) {
                seen.putIfAbsent(MaildirNames.uniqueName(name), name);
            }
        }
        int live = 0;
        for (UidlistEntry entry : entries) {
            if (seen.containsKey(entry.baseName())) {
                live++;
            }
        }
        dead = entries.size() - live;
        // The second look may also have found files the answer lacks; a changed cur/ stamp rescans them.
        curSettled = false;
        return dead * 2 > entries.size() ? Optional.of(seen) : Optional.empty();
    }

    /** Rewrites the uidlist with the lines of files {@code onDisk} and {@code added}, by rename. */
    private void compact(ScanCache cache, Path file, Map<String, String> onDisk, List<UidlistEntry> added)
            throws IOException {
        List<UidlistEntry> live = new ArrayList<>();
        for (UidlistEntry entry : entries) {
            if (onDisk.containsKey(entry.baseName())) {
                live.add(entry);
            }
        }
        live.addAll(added);
        long next = added.isEmpty() ? nextUid() : added.get(added.size() - 1).uid() + 1;
        UidlistFile.write(file, new Uidlist(uidValidity, next, guid, live));
        version3 = true;
        headerNextUid = next;
        entries.clear();
        uidByBase.clear();
        live.forEach(this::remember);
        dead = 0;
        FileStamp written = cache.stamp(file);
        tail = UidlistTail.of(file, written, cache.settled(written)).orElse(null);
    }

    /**
     * Appends the lines of {@code added}; a version 1 file is first rewritten as version 3 by rename
     * (same UIDVALIDITY and lines, {@code N} the next UID), because a version 3 line in it would make
     * the file unreadable.
     */
    private void append(ScanCache cache, Path file, List<UidlistEntry> added) throws IOException {
        if (!version3) {
            long next = nextUid();
            UidlistFile.write(file, new Uidlist(uidValidity, next, guid, entries));
            version3 = true;
            headerNextUid = next;
            FileStamp written = cache.stamp(file);
            tail = UidlistTail.of(file, written, cache.settled(written)).orElse(null);
        }
        UidlistFile.append(file, added);
        StringBuilder lines = new StringBuilder();
        for (UidlistEntry entry : added) {
            lines.append(UidlistFile.line(entry));
            remember(entry);
        }
        FileStamp now = cache.stamp(file);
        tail = tail == null ? null
                : tail.afterAppend(lines.toString(), UidlistFile.line(added.get(added.size() - 1)), now, cache.settled(now))
                        .orElse(null);
    }

    /** Base name to file name; of two files with one base name, the last listed wins, as before. */
    private static Map<String, String> byBase(List<String> names) {
        Map<String, String> out = new HashMap<>(names.size() * 2);
        for (String name : names) {
            out.put(MaildirNames.uniqueName(name), name);
        }
        return out;
    }
}
