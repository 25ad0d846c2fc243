package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Maildir++ root (the INBOX of one mailbox) on a volume that other nodes share: every write
 * follows the maildir rule (a name no reader lists, write, fsync, link or rename into new/, fsync
 * new/), no locks, no inotify (DESIGN.md, invariant 3; ADR 0005).
 *
 * <p><b>Delivery is idempotent by delivery key</b> (queue id + recipient, invariant 2; ADR 0003).
 * The message's name carries the first 16 hex digits of the key's SHA-256 as its {@code R} part,
 * and its marker is a hard link to the message's own inode, named by the full hash
 * ({@link DeliveryMarkers}). A delivery (ADR 0005) writes the message into that marker itself:
 * create {@code new/.paperpath-<hash>} exclusively (O_EXCL fails rather than replaces, so two racing
 * attempts cannot both pass, and a failed create is how an attempt under way or crashed is found;
 * the dot name is skipped by every Maildir reader, as the spec asks); look up the completed marker
 * once (an attempt that completed before the create); write (LF conversion); fsync the file; the
 * quota, if any; link it into new/ under the message's unique name; fsync new/ (one flush makes the
 * message's name durable with the marker, as the floor's delivery does for the message alone); and
 * return, leaving the marker's rename to {@code paperpath-deliveries/<hash>}, where it means
 * "completed", to this process's {@link MarkerMover} (no fsync needed: it is in one place or the
 * other after a crash; until the move, a retry finds the marker and the message in new/ and answers
 * AlreadyDelivered, as after a crash before the move). {@link #awaitMarkerMoves} waits for the
 * moves queued so far. Keyed deliveries use no tmp/ file; everything else written here does.
 *
 * <p>This relies on directory operations in one directory becoming durable in the order they were
 * made (ext4 and XFS journals, btrfs, ZFS, NFS's synchronous directory operations): after a crash
 * the marker can be in new/ without the message, but the message is never there without the marker.
 *
 * <p>A retry that finds a completed marker with link count 2 or more answers
 * {@link DeliveryOutcome.AlreadyDelivered} (the message is in new/, cur/ or another folder); with
 * link count 1 a reader expunged the message (POP3 DELE, IMAP EXPUNGE) and the key is delivered again
 * (there are never two copies at once). A marker still in new/ means an attempt under way: the retry
 * answers {@link DeliveryOutcome.InProgress} (a temporary failure; nothing is left) unless the
 * message reached new/ or cur/ (then the answer is AlreadyDelivered, and a marker older than
 * {@link DeliveryMarkers#IN_PROGRESS_WINDOW}, 10 minutes, is moved for its crashed owner) or the
 * marker is older than that window (then the attempt crashed before its link into new/: its marker
 * is removed and the key delivered afresh).
 * Markers of earlier versions (symbolic links and files holding the name) are still honoured.
 * {@link #sweepTmp} prunes markers that no longer protect anything.
 */
public final class Maildir {

    /** Holds one marker per delivery key; see the class comment. */
    public static final String DELIVERIES_DIR = "paperpath-deliveries";

    /** The maildir spec's age after which a tmp/ file is a crashed delivery ({@link #sweepTmp}). */
    public static final Duration TMP_MAX_AGE = Duration.ofHours(36);

    private final Path root;
    private final String hostname;
    private final Clock clock;
    private final ScanCache cache;
    private final MarkerMover mover;
    // Resolved once: a delivery uses each of them.
    private final Path tmpDir;
    private final Path newDir;
    private final Path curDir;
    private final Path doneDir;
    private final String escapedHost;

    private Maildir(Path root, String hostname, Clock clock, ScanCache cache) {
        this(root, hostname, clock, cache, MarkerMover.shared());
    }

    private Maildir(Path root, String hostname, Clock clock, ScanCache cache, MarkerMover mover) {
        this.root = root;
        this.hostname = hostname;
        this.clock = clock;
        this.cache = cache;
        this.mover = mover;
        this.tmpDir = root.resolve("tmp");
        this.newDir = root.resolve("new");
        this.curDir = root.resolve("cur");
        this.doneDir = root.resolve(DELIVERIES_DIR);
        this.escapedHost = MaildirNames.escapeHost(hostname);
    }

    /**
     * A Maildir at {@code root}; nothing is created (use {@link #create}). A missing Maildir reads as
     * empty.
     *
     * @param hostname this node's name for the host part of new file names
     */
    public static Maildir open(Path root, String hostname) {
        return new Maildir(root, hostname, Clock.systemUTC(), ScanCache.shared());
    }

    /** Like {@link #open(Path, String)}, remembering listings in {@code cache} rather than the process-wide one. */
    public static Maildir open(Path root, String hostname, ScanCache cache) {
        return new Maildir(root, hostname, Clock.systemUTC(), cache);
    }

    static Maildir open(Path root, String hostname, Clock clock) {
        return new Maildir(root, hostname, clock, ScanCache.shared());
    }

    /** With its own {@link MarkerMover} (tests: a stopped one moves every marker within the delivery). */
    static Maildir open(Path root, String hostname, MarkerMover mover) {
        return new Maildir(root, hostname, Clock.systemUTC(), ScanCache.shared(), mover);
    }

    /**
     * Waits until the delivery markers of deliveries that returned before this call are in
     * {@code paperpath-deliveries/} (ADR 0003: a delivery leaves that move to a background thread of
     * this process). Nothing depends on it for correctness: a marker not yet moved answers a retry
     * just as well. For tests that look at the files, and for a shutdown that wants a tidy volume
     * (a JVM that exits normally makes the queued moves anyway).
     *
     * @return false if the moves did not finish within {@code timeout} or the thread was interrupted
     */
    public static boolean awaitMarkerMoves(Duration timeout) {
        return MarkerMover.shared().await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public Path root() {
        return root;
    }

    /** Creates tmp/, new/ and cur/ (and the root) if missing. Idempotent; returns this. */
    public Maildir create() throws IOException {
        for (String dir : List.of("tmp", "new", "cur")) {
            Files.createDirectories(root.resolve(dir));
        }
        return this;
    }

    /**
     * Delivers {@code content} into new/ unless a delivery with the same key already did. Line
     * endings are stored as LF (CRLF is converted while writing); {@code S=} is the size on disk and
     * {@code W=} the size with CRLF line endings.
     *
     * @param deliveryKey identifies one recipient of one message, e.g. {@code queueId + "/" + recipient}
     * @return {@link DeliveryOutcome.Delivered} or {@link DeliveryOutcome.AlreadyDelivered}; or
     *     {@link DeliveryOutcome.InProgress} (nothing left, try later) while another attempt of the
     *     same key is under way or crashed less than 10 minutes ago
     * @throws IOException on any I/O failure; a retry is safe
     */
    public DeliveryOutcome deliver(String deliveryKey, InputStream content) throws IOException {
        QuotaOutcome outcome = deliver(deliveryKey, content, size -> Optional.empty());
        if (outcome instanceof QuotaOutcome.InProgress) {
            return new DeliveryOutcome.InProgress(((QuotaOutcome.InProgress) outcome).marker());
        }
        return ((QuotaOutcome.Delivered) outcome).delivery();
    }

    /**
     * Delivers like {@link #deliver(String, InputStream)} if the message fits {@code policy}
     * ({@link MaildirQuota}), and appends it to the mailbox's {@code maildirsize}. A refused message
     * leaves nothing in the Maildir (its marker, which held it, is removed). The first delivery to
     * find the soft quota exceeded also delivers one warning message to the mailbox's INBOX. Another
     * attempt of the same key under way gives {@link QuotaOutcome.InProgress}.
     *
     * @throws IOException on any I/O failure; a retry is safe
     */
    public QuotaOutcome deliver(String deliveryKey, InputStream content, QuotaPolicy policy) throws IOException {
        Path mailboxRoot = MaildirSize.mailboxRootOf(root);
        MaildirSize sizes = new MaildirSize(mailboxRoot, hostname, clock, policy.countTrash());
        MaildirQuota quota = new MaildirQuota(sizes, policy, mailboxRoot);
        boolean[] warn = {false};
        QuotaOutcome outcome = deliver(deliveryKey, content, size -> {
            MaildirQuota.Decision decision = quota.admit(size);
            warn[0] = decision.warn();
            return decision.refusal();
        });
        if (outcome instanceof QuotaOutcome.Delivered
                && ((QuotaOutcome.Delivered) outcome).delivery() instanceof DeliveryOutcome.Delivered
                && MaildirSize.counts(root, policy.countTrash())) {
            sizes.append(MaildirNames.size(outcome(outcome).name()).orElse(0), 1);
        }
        if (warn[0]) {
            Maildir inbox = mailboxRoot.equals(root) ? this : new Maildir(mailboxRoot, hostname, clock, cache);
            DeliveryOutcome warning = inbox.deliver("paperpath-quota-warning " + clock.instant(),
                    new ByteArrayInputStream(QuotaWarning.text(policy, clock.instant())));
            sizes.append(MaildirNames.size(warning.name()).orElse(0), 1);
        }
        return outcome;
    }

    private static DeliveryOutcome outcome(QuotaOutcome delivered) {
        return ((QuotaOutcome.Delivered) delivered).delivery();
    }

    /** Checks a written message's {@code S=} size before it is published; a refusal ends the delivery. */
    @FunctionalInterface
    private interface Admission {
        Optional<QuotaOutcome> check(long size) throws IOException;
    }

    /**
     * The delivery steps (see the class comment; ADR 0005): the message is written to its own
     * in-progress marker, so the claim of the key costs nothing beside the writing, and the one
     * fsync of new/ commits the message's name with the marker.
     *
     * <p>The create of the marker is the first look (it fails while an attempt of the key holds
     * new/.paperpath-&lt;hash&gt;, and then {@link DeliveryMarkers#earlier} gives the answer), and one
     * lookup of the completed marker after it finds any attempt that completed before it, before a
     * byte is written. Only after the write is the quota asked, so that a retry of a delivered key is
     * never refused (or warned about) by a quota that its own first delivery filled.
     */
    private QuotaOutcome deliver(String deliveryKey, InputStream content, Admission admission) throws IOException {
        DeliveryMarkers markers = new DeliveryMarkers(tmpDir, newDir, curDir, doneDir, deliveryKey, clock);
        KeyClaim claim = KeyClaim.make(markers, this::create);
        if (claim instanceof KeyClaim.Answered answered) {
            return quotaOutcome(answered.outcome());
        }
        KeyClaim.Held held = (KeyClaim.Held) claim;
        Path target;
        try {
            String base = MaildirNames.uniqueBaseEscaped(clock.instant(), escapedHost, markers.tag());
            long[] sizes;
            try (FileChannel channel = held.file()) {
                sizes = LineEndings.writeLf(content, channel);
                channel.force(true);
            }
            Optional<QuotaOutcome> refusal = admission.check(sizes[0]);
            if (refusal.isPresent()) {
                held.release();
                return refusal.get();
            }
            target = newDir.resolve(MaildirNames.withSizes(base, sizes[0], sizes[1]));
            held.linkAs(target);
        } catch (Throwable e) {
            held.release();
            throw e;
        }
        Fsync.directory(newDir);
        // The delivery is complete and durable here. Moving the marker to paperpath-deliveries/ is left
        // to this process's mover (the state in between is that of a crash before the move, which a
        // retry answers AlreadyDelivered); the delivery makes the move itself if the mover cannot.
        if (!mover.offer(markers, target)) {
            try {
                markers.complete(target);
            } catch (IOException stillInNew) {
                // The message and its marker in new/ are durable: a retry finds both and completes the move.
            }
        }
        return new QuotaOutcome.Delivered(new DeliveryOutcome.Delivered(target.getFileName().toString()));
    }

    private static QuotaOutcome quotaOutcome(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.InProgress) {
            return new QuotaOutcome.InProgress(outcome.name());
        }
        return new QuotaOutcome.Delivered(outcome);
    }

    /**
     * The file name under which a delivery with {@code deliveryKey} is in this Maildir now, if it is:
     * lets a caller answer a retry without reading the content again.
     */
    public Optional<String> deliveredName(String deliveryKey) throws IOException {
        return new DeliveryMarkers(tmpDir, newDir, curDir, doneDir, deliveryKey, clock).deliveredName();
    }

    /**
     * The messages in new/ and cur/, oldest delivery first (ties by name), as an unmodifiable list.
     * What was found is kept in the {@link ScanCache}: if no writer anywhere changed either
     * directory since this process last listed them, the list is answered from two stat(2) calls;
     * if one changed, only that one is listed again.
     */
    public List<MaildirMessage> list() throws IOException {
        MaildirListing listing = cache.get(MaildirListing.class, root);
        if (listing == null) {
            listing = new MaildirListing(root);
        }
        List<MaildirMessage> messages = listing.list(cache);
        cache.put(root, listing);
        return messages;
    }

    /**
     * Opens a message for reading (LF line endings as stored). Follows the message if it moved from
     * new/ to cur/ or gained flags since it was listed.
     *
     * @throws NoSuchFileException if the message is gone
     */
    public InputStream open(MaildirMessage message) throws IOException {
        try {
            return Files.newInputStream(message.path());
        } catch (NoSuchFileException e) {
            Path moved = findByUniqueName(message.uniqueName())
                    .orElseThrow(() -> new NoSuchFileException(message.path().toString()));
            return Files.newInputStream(moved);
        }
    }

    /**
     * Deletes a message wherever it is now (new/ or cur/, any flags).
     *
     * @return false if it was already gone
     */
    public boolean delete(MaildirMessage message) throws IOException {
        long size = deleteCounted(message.path());
        if (size < 0) {
            Optional<Path> moved = findByUniqueName(message.uniqueName());
            size = moved.isPresent() ? deleteCounted(moved.get()) : -1;
        }
        if (size < 0) {
            return false;
        }
        if (MaildirSize.counts(root, false)) {
            new MaildirSize(MaildirSize.mailboxRootOf(root), hostname, clock, false).append(-size, -1);
        }
        return true;
    }

    /**
     * Deletes {@code file} and returns the size it counted with in {@code maildirsize}, or -1 if it
     * was gone. A name without {@code S=} (qmail, vmailmgr) counted with its length, so it is read
     * before the unlink: a zero delta would keep the owner over quota until a recalculation.
     */
    private static long deleteCounted(Path file) throws IOException {
        try {
            long size = MaildirSize.sizeOf(file);
            return Files.deleteIfExists(file) ? size : -1;
        } catch (NoSuchFileException gone) {
            return -1;
        }
    }

    /**
     * Removes files in tmp/ (of this Maildir and of its Maildir++ folders) last modified more than
     * {@code age} ago: the maildir spec's clean-up of deliveries that crashed before their rename,
     * which it puts at 36 hours. Prunes the delivery markers of the same Maildirs too
     * ({@link DeliveryMarkerSweep#prune}): in {@code paperpath-deliveries/}, those of expunged messages
     * (link count 1) older than an hour and all older than 8 days (the queue's 7-day lifetime plus a
     * day); in new/, {@code .paperpath-*} markers of attempts that crashed more than {@code age} ago
     * (moved to {@code paperpath-deliveries/} instead if their message reached new/ or cur/). A
     * marker directory that leads out of the Maildir (a symbolic link) is left alone.
     *
     * @return how many files (tmp/ files and markers) were removed
     */
    public int sweepTmp(Duration age) throws IOException {
        List<Path> dirs = new ArrayList<>();
        dirs.add(root.resolve("tmp"));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, ".?*")) {
            for (Path folder : folders) {
                if (!folder.getFileName().toString().equals("..") && Files.isDirectory(folder.resolve("tmp"))) {
                    dirs.add(folder.resolve("tmp"));
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(age);
        int removed = 0;
        for (Path dir : dirs) {
            Path maildir = dir.getParent();
            if (!Files.isSymbolicLink(maildir.resolve("new")) && !Files.isSymbolicLink(maildir.resolve(DELIVERIES_DIR))) {
                removed += DeliveryMarkerSweep.prune(maildir, clock, age);
            }
            for (Path file : files(dir)) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // Renamed into new/ or removed by another sweeper meanwhile.
                }
            }
        }
        return removed;
    }

    private Optional<Path> findByUniqueName(String uniqueName) throws IOException {
        Path inNew = root.resolve("new").resolve(uniqueName);
        if (Files.exists(inNew)) {
            return Optional.of(inNew);
        }
        for (Path file : files(root.resolve("cur"))) {
            if (MaildirNames.uniqueName(file.getFileName().toString()).equals(uniqueName)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** Regular, non-dot files of {@code dir}; none if {@code dir} does not exist. */
    private static List<Path> files(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    out.add(file);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }
}
