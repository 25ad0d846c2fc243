package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mailbox's Maildir root, made sure to belong to one incarnation of the mailbox. A mailbox deleted
 * and created again under the same address has a new incarnation id (account-service's
 * {@code MailboxUpserted.id}); the Maildir of the deleted one must never be shown to the new one.
 * The root holds a file {@value #MARKER} with the id of the incarnation it belongs to.
 *
 * <p>{@link #claim} (for delivery and for a login):
 * <ul>
 *   <li>id null (a directory event from before ids were published): no check, the plain path;
 *   <li>no Maildir yet: the root is created with the marker, so a Maildir is marked from its start;
 *   <li>marker equal to the id: the Maildir, at once (the fast path, without a lock);
 *   <li>no marker: adopted, the marker is written (a Maildir from before this change, or one that
 *       Dovecot or Courier wrote);
 *   <li>another id: the Maildir belongs to a deleted incarnation; it is moved aside with one atomic
 *       rename(2) to {@code <mailRoot>/.deleted/<domain>/<localPart>.<old id>} (a suffix {@code .2},
 *       {@code .3}, ... if that exists) and a new root with the marker takes its place.
 * </ul>
 *
 * <p><b>Retention:</b> nothing is ever deleted here. A Maildir moved aside stays under
 * {@code <mailRoot>/.deleted/} until an operator restores it (renames it back, replacing the marker)
 * or purges it; its messages still count on the volume, not in any mailbox's quota.
 *
 * <p><b>Several pods over NFS</b> (DESIGN.md invariant 3): the check and the move happen under an
 * NFS-safe dot-lock ({@link MaildirLock}, link(2), stale after 120 s) beside the Maildir in the domain
 * directory, {@code <mailRoot>/<domain>/.<localPart>.lock}. A local part never starts with a dot
 * ({@link MailboxPaths#normaliseLocalPart}), so the lock can never be a mailbox directory. The marker
 * is read again once the lock is held, so two claims of the same new id move the old Maildir once and
 * never move the new incarnation's. The marker is written by the Maildir rule: a unique temporary
 * file, written and fsynced, hard-linked to its name, the directory fsynced.
 *
 * <p>Read-only callers (a quota check at RCPT) ask {@link #belongsTo} and never move anything.
 *
 * <p><b>A stale id.</b> A pod whose directory view is a moment behind may still hold the deleted
 * incarnation's id and would take the new incarnation's Maildir for an old one. So the marker written
 * after a move also names the id it retired and when ({@code retired <id> <epoch seconds>} after the
 * first line, which alone is the owner); a claim with an id retired less than {@link #RETIRED_GRACE}
 * ago is refused with {@link StaleIdException} (delivery defers and retries with the view caught up)
 * and moves nothing. After the grace the retirement is no longer taken for a lagging view: the rules
 * above apply, so nobody is locked out of a mailbox for good by a marker.
 */
public final class MailboxHome {

    /** The file in a Maildir root holding the incarnation id it belongs to. */
    public static final String MARKER = "paperpath-mailbox-id";
    /** The directory under the mail root where Maildirs of deleted incarnations are kept. */
    public static final String DELETED = ".deleted";
    /** How long a claim waits for another pod's lock of the same mailbox. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** How long a claim with an id that a move retired is taken for a directory view behind the times. */
    public static final Duration RETIRED_GRACE = Duration.ofMinutes(10);

    /** An incarnation id is a UUID in practice; anything outside these characters is refused. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9-]");

    /** What {@link #belongsTo} can tell without changing anything. */
    public enum Belonging {
        /** The marker holds this id. */
        YES,
        /** The marker holds another id: the Maildir is a deleted incarnation's (a claim would move it aside). */
        NO,
        /** No id given, no Maildir, or a Maildir without a marker (a claim would adopt it). */
        UNKNOWN
    }

    /** A claim with an id that was retired from this Maildir a moment ago: the caller's view is stale. */
    public static final class StaleIdException extends IOException {

        private static final long serialVersionUID = 1L;

        StaleIdException(String message) {
            super(message);
        }
    }

    private final Path mailRoot;
    private final String host;
    private final Duration lockTimeout;
    private final Clock clock;

    /** @param host this node's name, written into the lock for whoever finds it held */
    public MailboxHome(Path mailRoot, String host) {
        this(mailRoot, host, DEFAULT_LOCK_TIMEOUT);
    }

    public MailboxHome(Path mailRoot, String host, Duration lockTimeout) {
        this(mailRoot, host, lockTimeout, Clock.systemUTC());
    }

    MailboxHome(Path mailRoot, String host, Duration lockTimeout, Clock clock) {
        this.mailRoot = Objects.requireNonNull(mailRoot, "mailRoot").toAbsolutePath().normalize();
        this.host = host == null || host.isBlank() ? "localhost" : host;
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path mailRoot() {
        return mailRoot;
    }

    /**
     * {@link #claim(String, String, String)} for a directory key {@code local@domain}, as delivery
     * records name mailboxes.
     *
     * @throws InvalidMailboxPathException if {@code mailbox} is not of the form {@code local@domain}
     */
    public Path claim(String mailbox, String id) throws IOException {
        int at = mailbox == null ? -1 : mailbox.lastIndexOf('@');
        if (at <= 0) {
            throw new InvalidMailboxPathException("not a mailbox key: " + mailbox);
        }
        return claim(mailbox.substring(at + 1), mailbox.substring(0, at), id);
    }

    /**
     * The Maildir root of {@code localPart@domain} for incarnation {@code id}, after making sure it
     * belongs to it (see the class comment); with {@code id} null, the plain path unchecked.
     *
     * @throws InvalidMailboxPathException if the domain or local part is unsafe as a path, or the id
     *     is not of letters, digits and hyphens
     * @throws StaleIdException if {@code id} was retired from this Maildir less than
     *     {@link #RETIRED_GRACE} ago (the caller's directory view is behind: try again later)
     * @throws IOException if the volume cannot be written, or another holder kept the lock for the
     *     whole timeout (a temporary failure: try again)
     */
    public Path claim(String domain, String localPart, String id) throws IOException {
        Path root = MailboxPaths.resolve(mailRoot, domain, localPart);
        if (id == null) {
            return root;
        }
        checkId(id);
        if (id.equals(readMarker(root))) {
            return root;
        }
        Path domainDir = root.getParent();
        Files.createDirectories(domainDir);
        LockOutcome outcome = MaildirLock.acquire(lockFile(root), host, lockTimeout);
        if (outcome instanceof LockOutcome.TimedOut timedOut) {
            throw new IOException("mailbox " + root + " is locked by " + timedOut.holder() + " (" + timedOut.lockFile()
                    + "); try again");
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            String marker = readMarker(root);
            if (id.equals(marker)) {
                return root;
            }
            String retired = null;
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                if (marker == null) {
                    writeMarker(root, id + "\n", id);
                    return root;
                }
                Instant retiredAt = retiredAt(root, id);
                if (retiredAt != null && retiredAt.plus(RETIRED_GRACE).isAfter(clock.instant())) {
                    throw new StaleIdException("mailbox id " + id + " of " + root + " was retired at " + retiredAt
                            + " for " + marker + "; the caller's directory view is behind");
                }
                moveAside(root, marker);
                retired = "retired " + marker + " " + clock.instant().getEpochSecond() + "\n";
            }
            try {
                Files.createDirectory(root);
            } catch (FileAlreadyExistsException raced) {
                // Only a writer that does not lock (a Maildir created by an older delivery) gets here; adopt it.
            }
            writeMarker(root, id + "\n" + (retired == null ? "" : retired), id);
            Fsync.directory(domainDir);
            return root;
        }
    }

    /**
     * Whether the Maildir of {@code localPart@domain} belongs to incarnation {@code id}, without
     * changing anything.
     *
     * @throws InvalidMailboxPathException if the domain or local part is unsafe as a path
     */
    public Belonging belongsTo(String domain, String localPart, String id) {
        return belongsTo(MailboxPaths.resolve(mailRoot, domain, localPart), id);
    }

    /** {@link #belongsTo(String, String, String)} for a Maildir root. */
    public static Belonging belongsTo(Path maildirRoot, String id) {
        if (id == null) {
            return Belonging.UNKNOWN;
        }
        String marker;
        try {
            marker = readMarker(maildirRoot);
        } catch (IOException e) {
            return Belonging.UNKNOWN;
        }
        if (marker == null) {
            return Belonging.UNKNOWN;
        }
        return marker.equals(id) ? Belonging.YES : Belonging.NO;
    }

    /** The dot-lock of a Maildir root: {@code <domainDir>/.<localPart>.lock}, never a mailbox's name. */
    static Path lockFile(Path root) {
        return root.resolveSibling("." + root.getFileName() + ".lock");
    }

    /** The marker's id (its first line), or null if the root or its marker does not exist or it is empty. */
    static String readMarker(Path root) throws IOException {
        List<String> lines = markerLines(root);
        String first = lines.isEmpty() ? "" : lines.get(0).strip();
        return first.isEmpty() ? null : first;
    }

    private static List<String> markerLines(Path root) throws IOException {
        try {
            return Files.readAllLines(root.resolve(MARKER), StandardCharsets.UTF_8);
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return List.of();
        } catch (java.nio.charset.CharacterCodingException e) {
            return List.of("?");
        }
    }

    /** When the marker says {@code id} was retired from this Maildir, or null if it does not. */
    private static Instant retiredAt(Path root, String id) throws IOException {
        List<String> lines = markerLines(root);
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).strip().split(" ");
            if (fields.length == 3 && fields[0].equals("retired") && fields[1].equals(id)) {
                try {
                    return Instant.ofEpochSecond(Long.parseLong(fields[2]));
                } catch (NumberFormatException | java.time.DateTimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidMailboxPathException("mailbox id is not of letters, digits and hyphens: " + id);
        }
    }

    /**
     * Writes the marker ({@code content}, whose first line is {@code id}) by the Maildir rule: unique
     * temporary file, fsync, link(2), fsync of the root.
     */
    private static void writeMarker(Path root, String content, String id) throws IOException {
        Path marker = root.resolve(MARKER);
        Path tmp = root.resolve(MARKER + "." + MaildirNames.uniqueBase(Instant.now(), "tmp") + ".tmp");
        Fsync.newFile(tmp, content);
        try {
            try {
                Files.createLink(marker, tmp);
            } catch (FileAlreadyExistsException existing) {
                // A lost NFS reply of our own link, or an empty marker being replaced.
                if (!id.equals(readMarker(root))) {
                    AtomicRename.replacing(tmp, marker);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        Fsync.directory(root);
    }

    /** Renames {@code root} to {@code <mailRoot>/.deleted/<domain>/<localPart>.<old id>[.n]} in one step. */
    private void moveAside(Path root, String oldId) throws IOException {
        Path deletedDomain = mailRoot.resolve(DELETED).resolve(root.getParent().getFileName().toString());
        Files.createDirectories(deletedDomain);
        String oldName = UNSAFE.matcher(oldId).replaceAll("_");
        if (oldName.length() > 64) {
            oldName = oldName.substring(0, 64);
        }
        String base = root.getFileName() + "." + oldName;
        Path target = deletedDomain.resolve(base);
        for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
            target = deletedDomain.resolve(base + "." + n);
        }
        AtomicRename.move(root, target);
        Fsync.directory(deletedDomain);
        Fsync.directory(root.getParent());
    }
}
