package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Maildir++ root (the INBOX of one mailbox) on a volume that other nodes share: every write
 * follows the maildir rule (unique name in tmp/, write, fsync, rename into new/, fsync new/), no
 * locks, no inotify (DESIGN.md, invariant 3).
 *
 * <p><b>Delivery is idempotent by delivery key</b> (queue id + recipient, invariant 2). Before the
 * message is renamed into new/, a marker {@code paperpath-deliveries/<sha-256 of key>} is made
 * durable holding the planned file name (the directory name has no leading dot: dot names are
 * Maildir++ folders). A retry that finds the marker and that name in new/ or cur/ (with any info
 * suffix) reports {@link DeliveryOutcome.AlreadyDelivered}; one that finds the marker but not the
 * file delivers under the same name, so even two racing retries end in one file. The marker is a
 * symbolic link to the planned name, put in place with symlink(2), which fails rather than
 * replaces, so two first attempts racing each other agree on one name as well.
 *
 * <p>The windows that remain: if a reader deleted the message (POP3 DELE, IMAP EXPUNGE) before a
 * retry of the same key arrives, the retry delivers it again (there are never two copies at once);
 * a crash between writing tmp/ and the rename leaves a tmp/ file behind, which the maildir spec's
 * 36-hour tmp/ cleanup removes. Markers are never pruned yet (a later issue).
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

    private Maildir(Path root, String hostname, Clock clock, ScanCache cache) {
        this.root = root;
        this.hostname = hostname;
        this.clock = clock;
        this.cache = cache;
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
     * @throws IOException on any I/O failure; nothing is then visible in new/, and a retry is safe
     */
    public DeliveryOutcome deliver(String deliveryKey, InputStream content) throws IOException {
        QuotaOutcome outcome = deliver(deliveryKey, content, size -> Optional.empty());
        return ((QuotaOutcome.Delivered) outcome).delivery();
    }

    /**
     * Delivers like {@link #deliver(String, InputStream)} if the message fits {@code policy}
     * ({@link MaildirQuota}), and appends it to the mailbox's {@code maildirsize}. A refused message
     * leaves nothing in the Maildir (its tmp/ file is removed). The first delivery to find the soft
     * quota exceeded also delivers one warning message to the mailbox's INBOX.
     *
     * @throws IOException on any I/O failure; nothing is then visible in new/, and a retry is safe
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
     * The delivery steps, ordered so that the flushes they need can be shared: the message is
     * written to tmp/ and the marker put in place before either is fsynced; the message file's
     * fsync then commits the marker's creation as well on a journalling file system, so the
     * marker directory's fsync that must follow (before the rename, so a retry always finds the
     * marker of a message it can see) usually has nothing left to write.
     */
    private QuotaOutcome deliver(String deliveryKey, InputStream content, Admission admission) throws IOException {
        DeliveryMarkers markers = new DeliveryMarkers(root);
        Optional<String> planned = markers.read(deliveryKey);
        if (planned.isPresent() && findByUniqueName(MaildirNames.uniqueName(planned.get())).isPresent()) {
            return new QuotaOutcome.Delivered(new DeliveryOutcome.AlreadyDelivered(planned.get()));
        }

        // A fresh tmp name even on a retry: two workers retrying the same key must not share a tmp file.
        String base = MaildirNames.uniqueBase(clock.instant(), hostname);
        Path tmpFile = root.resolve("tmp").resolve(base);
        String name;
        try (FileChannel channel = createTmp(tmpFile)) {
            long[] sizes = LineEndings.writeLf(content, channel);
            Optional<QuotaOutcome> refusal = admission.check(sizes[0]);
            if (refusal.isPresent()) {
                Files.deleteIfExists(tmpFile);
                return refusal.get();
            }
            String ours = MaildirNames.withSizes(base, sizes[0], sizes[1]);
            name = planned.isPresent() ? planned.get() : markers.claim(deliveryKey, ours);
            // Only a name claimed by a racing delivery of the same key can already be in place; looking
            // for our own fresh name would list cur/ on every delivery.
            if (planned.isEmpty() && !name.equals(ours) && findByUniqueName(MaildirNames.uniqueName(name)).isPresent()) {
                Files.deleteIfExists(tmpFile);
                return new QuotaOutcome.Delivered(new DeliveryOutcome.AlreadyDelivered(name));
            }
            channel.force(true);
            // Also when the marker was another attempt's: it may not be durable yet.
            markers.sync();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmpFile);
            throw e;
        }
        Path target = root.resolve("new").resolve(name);
        move(tmpFile, target);
        Fsync.directory(target.getParent());
        return new QuotaOutcome.Delivered(new DeliveryOutcome.Delivered(name));
    }

    /** Opens a new file in tmp/, creating tmp/, new/ and cur/ first if tmp/ is missing. */
    private FileChannel createTmp(Path tmpFile) throws IOException {
        try {
            return FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException noMaildirYet) {
            create();
            return FileChannel.open(tmpFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /**
     * The file name under which a delivery with {@code deliveryKey} is in this Maildir now, if it is:
     * lets a caller answer a retry without reading the content again.
     */
    public Optional<String> deliveredName(String deliveryKey) throws IOException {
        Optional<String> planned = new DeliveryMarkers(root).read(deliveryKey);
        if (planned.isPresent() && findByUniqueName(MaildirNames.uniqueName(planned.get())).isPresent()) {
            return planned;
        }
        return Optional.empty();
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
     * which it puts at 36 hours.
     *
     * @return how many files were removed
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

    private void move(Path from, Path to) throws IOException {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException newMissing) {
                // tmp/ was there but new/ is not: a broken Maildir that create() mends.
                create();
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("mail volume does not support atomic rename", e);
        }
    }
}
