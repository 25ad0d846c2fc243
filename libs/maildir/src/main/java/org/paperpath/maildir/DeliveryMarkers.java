package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What makes a delivery idempotent (DESIGN.md invariant 2; docs/adr/0003): one marker per delivery
 * key, named by the key's SHA-256, which is a <b>hard link to the message's own inode</b>. The
 * message's file name carries the first 16 hex digits of the same hash as its {@code R} part
 * ({@link MaildirNames#uniqueBase(Instant, String, String)}), so a retry finds the message by name.
 *
 * <p>Where the marker is says how far the delivery got:
 * <ul>
 * <li>{@code new/.paperpath-<hash>}: in progress (or crashed). The delivery creates its file under
 * this name with O_EXCL (which fails rather than replaces: two racing deliveries of one key cannot
 * both pass) and writes the message into it (ADR 0005), fsyncs it, links it into new/ under the
 * message's name and fsyncs new/ once, which makes the marker and the message durable together. Dot
 * names are skipped by every Maildir reader (Dovecot, Courier, mutt, qmail, and {@link ScanCache},
 * {@link UidScanner}, {@link MaildirSize} here), so a partly written message is never listed.
 * <li>{@code paperpath-deliveries/<hash>}: completed. After the fsync of new/ the marker is renamed
 * there (atomic, no fsync needed: after a crash it is in one place or the other, never lost), by the
 * delivering process's {@link MarkerMover} shortly after the delivery returned.
 * </ul>
 *
 * <p><b>Assumption</b> (written down in the ADR): directory operations in one directory become
 * durable in the order they were made, as on ext4 and XFS (journal), btrfs (log tree, fsync of the
 * directory), ZFS (ZIL) and NFS (the server commits each directory operation before it answers). A
 * crash can then leave the marker in new/ without the message, never the message without the
 * marker. On a file system without that ordering a crash between the message's link into new/ and
 * the fsync of new/ could keep the message and lose the marker, and a retry would deliver a second copy.
 *
 * <p>A retry reads the marker's place and, for a completed marker, its link count: 2 or more means
 * the message still exists (in new/, cur/, or moved to another folder by a reader); 1 means a reader
 * expunged it, and the key is delivered again, as it was with the earlier marker formats. A marker
 * in new/ whose message is not in new/ or cur/ is an attempt under way unless it is older than
 * {@link #IN_PROGRESS_WINDOW}; then it is taken as crashed, removed (with the tmp/ file an earlier
 * version's attempt may have left), and the key delivered afresh. Markers written by earlier
 * versions in {@code paperpath-deliveries/} (a symbolic
 * link to the planned name, or a regular file holding it) are still read: the name they hold
 * counts if a file of that name is in new/ or cur/.
 *
 * <p>Only the attempt that created a marker moves it, unless it is older than the window (its owner
 * crashed): another process that renamed {@code new/.paperpath-<hash>} could move a later attempt's
 * marker instead (the owner's already moved), and a completed marker must only ever be a link to a
 * delivered message (a stress test found exactly that duplicate). A stale completed marker is never
 * deleted on the delivery path (a racing completion could have replaced it meanwhile): the next
 * completion's rename replaces it. {@link DeliveryMarkerSweep} removes markers that no longer protect anything.
 *
 * <p>The lookups of the normal path are stat(2) calls through {@link java.io.File}, which report a
 * missing name without an exception; the lstat(2) needed to see an earlier version's symbolic link
 * (it dangles: its target is a bare name) is made only in a {@code paperpath-deliveries/} without
 * {@link #HARD_LINKS_ONLY}. Nodes of an earlier version must not deliver into the same Maildirs at
 * the same time as this one (they read the new markers as names): drain them before the upgrade.
 */
final class DeliveryMarkers {

    /**
     * An empty file in {@code paperpath-deliveries/} that says no marker in it has an earlier format
     * (symbolic link, or file holding a name): written when this version creates the directory, or
     * by {@link DeliveryMarkerSweep} once it finds none left. Old markers are then never looked for.
     */
    static final String HARD_LINKS_ONLY = ".hard-links-only";

    /** Prefix of the in-progress marker in new/ (and of a marker taken over from a crashed attempt). */
    static final String PENDING_PREFIX = ".paperpath-";

    /**
     * How long a marker in new/ whose message is not in new/ or cur/ counts as a delivery still under
     * way. A delivery holds it while it reads and writes the message, then for one fsync, one link
     * and one more fsync (milliseconds; seconds on a slow NFS server), and gives it up after
     * {@link KeyClaim#OWN_MARKER_SPAN} in any case, so ten minutes is far beyond any live attempt and short
     * against the queue's retry intervals: after a crash the key is delivered by the first retry ten
     * minutes on. Ages are by the marker's mtime as the file system reports it (on NFS, the server's).
     */
    static final Duration IN_PROGRESS_WINDOW = Duration.ofMinutes(10);

    /** A completed marker whose message was expunged (link count 1) is pruned after this age. */
    static final Duration EXPUNGED_MARKER_AGE = Duration.ofHours(1);

    /** Every completed marker is pruned after this age: the queue's 7-day lifetime plus one day. */
    static final Duration MARKER_MAX_AGE = Duration.ofDays(8);

    static final Pattern PENDING_NAME = Pattern.compile(Pattern.quote(PENDING_PREFIX) + "[0-9a-f]{64}");
    static final Pattern HASH_NAME = Pattern.compile("[0-9a-f]{64}");

    /** What lstat(2) says of a marker. */
    record Attrs(boolean symlink, boolean regular, int nlink, long size, Instant mtime, Object fileKey) {
    }

    private final Path newDir;
    private final Path curDir;
    private final Path tmpDir;
    private final Path doneDir;
    private final String hash;
    private final String tag;
    private final Clock clock;
    private final Path pending;
    private final Path done;
    private final Path hardLinksOnly;

    DeliveryMarkers(Path maildirRoot, String deliveryKey, Clock clock) {
        this(maildirRoot.resolve("tmp"), maildirRoot.resolve("new"), maildirRoot.resolve("cur"),
                maildirRoot.resolve(Maildir.DELIVERIES_DIR), deliveryKey, clock);
    }

    /** With the Maildir's directories already resolved (a {@link Maildir} keeps them). */
    DeliveryMarkers(Path tmpDir, Path newDir, Path curDir, Path doneDir, String deliveryKey, Clock clock) {
        this.newDir = newDir;
        this.curDir = curDir;
        this.tmpDir = tmpDir;
        this.doneDir = doneDir;
        this.hash = keyHash(deliveryKey);
        this.tag = hash.substring(0, 16);
        this.clock = clock;
        this.pending = newDir.resolve(PENDING_PREFIX + hash);
        this.done = doneDir.resolve(hash);
        this.hardLinksOnly = doneDir.resolve(HARD_LINKS_ONLY);
    }

    /** The {@code R} part of the message's name: the first 16 hex digits of the key's SHA-256. */
    String tag() {
        return tag;
    }

    /** {@code new/.paperpath-<hash>}. */
    Path pending() {
        return pending;
    }

    /** {@code paperpath-deliveries/<hash>}. */
    Path done() {
        return done;
    }

    /**
     * What an earlier attempt with this key left, as the answer to give instead of delivering:
     * {@link DeliveryOutcome.AlreadyDelivered} or {@link DeliveryOutcome.InProgress}; empty if the key
     * is to be delivered now (nothing found, the message was expunged, or a crashed attempt's marker
     * was cleared). A delivery asks only when its {@link #create} failed (a marker of the key is in new/).
     */
    Optional<DeliveryOutcome> earlier() throws IOException {
        Optional<String> completed = completed();
        if (completed.isPresent()) {
            return Optional.of(new DeliveryOutcome.AlreadyDelivered(completed.get()));
        }
        // The marker in new/ is a hard link, never a symbolic one: stat(2) without an exception is enough.
        Attrs pending = pending().toFile().exists() ? attrs(pending()) : null;
        if (pending == null) {
            return Optional.empty();
        }
        Optional<String> message = findByTag();
        boolean young = pending.mtime().isAfter(clock.instant().minus(IN_PROGRESS_WINDOW));
        if (message.isPresent()) {
            // The attempt reached new/. Only its owner moves a young marker: by the time another process
            // renamed new/.paperpath-<hash>, the name could hold a later attempt's marker (the owner's
            // already moved), and a completed marker must only ever be a link to a delivered message.
            if (!young) {
                // The owner crashed between the fsync of new/ and the marker's move.
                Fsync.directory(newDir);
                moveToDone();
            }
            return Optional.of(new DeliveryOutcome.AlreadyDelivered(message.get()));
        }
        if (young) {
            return Optional.of(inProgress());
        }
        return takeOverCrashed(pending) ? Optional.empty() : Optional.of(inProgress());
    }

    /** The file name this key's message has now, if a delivery of it completed and it is still there. */
    Optional<String> deliveredName() throws IOException {
        Optional<String> completed = completed();
        if (completed.isPresent()) {
            return completed;
        }
        if (!pending().toFile().exists()) {
            return Optional.empty();
        }
        return findByTag();
    }

    DeliveryOutcome.InProgress inProgress() {
        return new DeliveryOutcome.InProgress(pending().getFileName().toString());
    }

    /**
     * Creates the in-progress marker as the file the message is written to (O_EXCL: it fails rather
     * than replaces); empty if a marker of this key is there (a racing or crashed attempt). Not
     * durable until the file is fsynced (ext4 then writes its directory entry too) or new/ is.
     *
     * @throws NoSuchFileException if new/ is missing
     */
    Optional<FileChannel> create() throws IOException {
        try {
            return Optional.of(FileChannel.open(pending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        }
    }

    /**
     * The name of this key's message if a completed marker says it is delivered. A delivery asks
     * after its {@link #create} succeeded: from then on no other attempt of the key can complete, and
     * one that completed before the create had moved its marker here already.
     */
    Optional<String> completed() throws IOException {
        Path done = done();
        Attrs a;
        if (done.toFile().exists()) {
            a = attrs(done);
        } else if (mayHoldOldMarkers()) {
            // Absent, or an earlier version's symbolic link: its target is a bare name, so it dangles.
            a = attrs(done);
        } else {
            return Optional.empty();
        }
        if (a == null) {
            return Optional.empty();
        }
        if (a.symlink()) {
            return present(Files.readSymbolicLink(done).toString());
        }
        if (!a.regular()) {
            throw new IOException("delivery marker is neither a file nor a symbolic link: " + done);
        }
        if (a.nlink() >= 2) {
            return Optional.of(findByTag().orElse(Maildir.DELIVERIES_DIR + "/" + hash));
        }
        Optional<String> oldName = OldMarkerFiles.nameIn(done, a);
        return oldName.isPresent() ? present(oldName.get()) : Optional.empty();
    }

    /**
     * False if {@code paperpath-deliveries/} is missing or holds {@link #HARD_LINKS_ONLY}: then no
     * marker of an earlier version can be in it, and a stat(2) that finds nothing is the whole lookup.
     * (An lstat(2) through java.nio costs an exception when the name is missing, which measured
     * about 20 µs between two fsyncs on a busy machine: 4 % of a delivery.)
     */
    private boolean mayHoldOldMarkers() {
        // The flag first: where it is (the normal case) that one stat(2) is the answer.
        return !hardLinksOnly.toFile().exists() && doneDir.toFile().isDirectory();
    }

    /**
     * Moves the marker from new/ to {@code paperpath-deliveries/} once {@code message} and the marker
     * are durable (new/ fsynced). If another process moved it already (a retry that found the
     * message), there is nothing to do; if it vanished otherwise, the completed marker is made anew
     * from the message.
     */
    void complete(Path message) throws IOException {
        if (moveToDone()) {
            return;
        }
        if (attrs(done()) == null) {
            try {
                createDoneDir(doneDir);
                Files.createLink(done(), message);
                Fsync.directory(doneDir);
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                // Completed by another process, or the message already moved to cur/ by a reader.
            }
        }
    }

    /**
     * {@link #complete} for the {@link MarkerMover}, some time after the delivery: only if the marker
     * in new/ is still a link to {@code message} while that is in new/ (it is left alone otherwise:
     * another attempt's marker). Once a reader moved the message on, the marker is ours by the rule
     * that no other process touches a marker younger than {@link #IN_PROGRESS_WINDOW}, which the mover
     * keeps to by making its moves well inside it.
     */
    void completeIfOurs(Path message) throws IOException {
        Object messageKey = fileKey(message);
        Object markerKey = fileKey(pending);
        if (messageKey != null && markerKey != null && !messageKey.equals(markerKey)) {
            return;
        }
        if (messageKey == null && markerKey == null) {
            // Neither is where the delivery left them (the Maildir was moved aside, or a reader took
            // the message and a retry the old marker): nothing of this delivery's to move.
            return;
        }
        complete(message);
    }

    /** The file key (device and inode) of {@code path} by lstat(2); null if it is missing. */
    static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Renames the marker in new/ to {@code paperpath-deliveries/}; false if it was not there. */
    private boolean moveToDone() throws IOException {
        try {
            AtomicRename.move(pending(), done());
            return true;
        } catch (NoSuchFileException e) {
            // The first marker of this Maildir (no paperpath-deliveries/ yet), or ours was moved by a retry.
            if (!pending().toFile().exists()) {
                return false;
            }
        }
        createDoneDir(doneDir);
        try {
            AtomicRename.move(pending(), done());
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** Creates {@code paperpath-deliveries/} if missing; one created now holds no old markers. */
    static void createDoneDir(Path doneDir) throws IOException {
        try {
            Files.createDirectory(doneDir);
        } catch (FileAlreadyExistsException exists) {
            return;
        }
        try {
            Files.createFile(doneDir.resolve(HARD_LINKS_ONLY));
        } catch (FileAlreadyExistsException raced) {
            // Only this version writes it.
        }
    }

    /**
     * Clears the marker of an attempt that crashed before its link into new/: renames it aside (only
     * one process can), checks that it is the inode judged stale and still stale (not a fresh marker
     * that another retry put there meanwhile, nor one whose create was still under way), removes it and any old tmp/ file of the key (an earlier version
     * wrote the message in tmp/ and linked the marker to it). False if it could not be
     * taken over: the caller answers in-progress.
     */
    private boolean takeOverCrashed(Attrs stale) throws IOException {
        Path aside = newDir.resolve(PENDING_PREFIX + "crashed." + hash + "." + MaildirNames.uniqueBase(clock.instant(), "x"));
        try {
            AtomicRename.move(pending(), aside);
        } catch (NoSuchFileException takenByAnother) {
            return false;
        }
        Attrs taken = attrs(aside);
        if (taken == null) {
            return false;
        }
        boolean stillStale = !taken.mtime().isAfter(clock.instant().minus(IN_PROGRESS_WINDOW));
        if (!Objects.equals(taken.fileKey(), stale.fileKey()) || !stillStale) {
            // A live attempt's marker: put it back (link fails rather than replaces). Stale no longer
            // when looked at again: on NFSv3 an exclusive create shows its verifier as the mtime for
            // one round trip, so a marker being created can look ancient to the first look (ADR 0005).
            try {
                Files.createLink(pending(), aside);
                Files.deleteIfExists(aside);
            } catch (FileAlreadyExistsException thirdAttempt) {
                // Left aside for the sweep; the attempt that made it last holds the key now.
            }
            return false;
        }
        Files.deleteIfExists(aside);
        Instant cutoff = clock.instant().minus(IN_PROGRESS_WINDOW);
        String needle = tagInName(tag);
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(tmpDir)) {
            for (Path file : tmp) {
                if (file.getFileName().toString().contains(needle)) {
                    try {
                        if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                            Files.deleteIfExists(file);
                        }
                    } catch (NoSuchFileException gone) {
                        // Removed by the sweep or another retry.
                    }
                }
            }
        } catch (NoSuchFileException | NotDirectoryException noTmp) {
            // Nothing to clear.
        }
        return true;
    }

    /** {@code name} if a file of that unique name is in new/ or cur/ now. */
    private Optional<String> present(String name) throws IOException {
        String unique = MaildirNames.uniqueName(name);
        if (Files.exists(newDir.resolve(unique))) {
            return Optional.of(unique);
        }
        return find(curDir, n -> MaildirNames.uniqueName(n).equals(unique));
    }

    /** A message in new/ or cur/ whose {@code R} part is this key's tag. */
    private Optional<String> findByTag() throws IOException {
        return findByTag(newDir, curDir, tag);
    }

    /** A message in {@code newDir} or {@code curDir} whose {@code R} part is {@code tag}. */
    static Optional<String> findByTag(Path newDir, Path curDir, String tag) throws IOException {
        String needle = tagInName(tag);
        Optional<String> inNew = find(newDir, n -> n.contains(needle));
        return inNew.isPresent() ? inNew : find(curDir, n -> n.contains(needle));
    }

    /** How {@code tag} (the first 16 hex digits of the key's hash) appears in a file name. */
    static String tagInName(String tag) {
        return "R" + tag + ".";
    }

    /** A regular, non-dot file in {@code dir} whose name matches. */
    private static Optional<String> find(Path dir, Predicate<String> match) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && match.test(name) && Files.isRegularFile(file)) {
                    return Optional.of(name);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Attrs attrs(Path path) throws IOException {
        Map<String, Object> m;
        try {
            m = Files.readAttributes(path, "unix:nlink,size,lastModifiedTime,fileKey,isSymbolicLink,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        return new Attrs((Boolean) m.get("isSymbolicLink"), (Boolean) m.get("isRegularFile"), (Integer) m.get("nlink"),
                (Long) m.get("size"), ((FileTime) m.get("lastModifiedTime")).toInstant(), m.get("fileKey"));
    }


    /** One SHA-256 per thread: {@link MessageDigest#getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    static String keyHash(String deliveryKey) {
        // digest() resets the digest, also after an exception in update: nothing carries over.
        return HexFormat.of().formatHex(SHA256.get().digest(deliveryKey.getBytes(StandardCharsets.UTF_8)));
    }
}
