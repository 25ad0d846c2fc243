package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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
 * <p>A caller must give the current id: a pod whose directory view still holds a deleted incarnation's
 * id would take the new incarnation's Maildir for an old one. Delivery asks with the id its view holds
 * when it delivers, which is the newest it knows.
 */
public final class MailboxHome {

    /** The file in a Maildir root holding the incarnation id it belongs to. */
    public static final String MARKER = "paperpath-mailbox-id";
    /** The directory under the mail root where Maildirs of deleted incarnations are kept. */
    public static final String DELETED = ".deleted";
    /** How long a claim waits for another pod's lock of the same mailbox. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

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

    private final Path mailRoot;
    private final String host;
    private final Duration lockTimeout;

    /** @param host this node's name, written into the lock for whoever finds it held */
    public MailboxHome(Path mailRoot, String host) {
        this(mailRoot, host, DEFAULT_LOCK_TIMEOUT);
    }

    public MailboxHome(Path mailRoot, String host, Duration lockTimeout) {
        this.mailRoot = Objects.requireNonNull(mailRoot, "mailRoot").toAbsolutePath().normalize();
        this.host = host == null || host.isBlank() ? "localhost" : host;
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    public Path mailRoot() {
        return mailRoot;
    }

    /**
     * The Maildir root of {@code localPart@domain} for incarnation {@code id}, after making sure it
     * belongs to it (see the class comment); with {@code id} null, the plain path unchecked.
     *
     * @throws InvalidMailboxPathException if the domain or local part is unsafe as a path, or the id
     *     is not of letters, digits and hyphens
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
            if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                if (marker == null) {
                    writeMarker(root, id);
                    return root;
                }
                moveAside(root, marker);
            }
            try {
                Files.createDirectory(root);
            } catch (FileAlreadyExistsException raced) {
                // Only a writer that does not lock (a Maildir created by an older delivery) gets here; adopt it.
            }
            writeMarker(root, id);
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

    /** The marker's id, or null if the root or its marker does not exist or the marker is empty. */
    static String readMarker(Path root) throws IOException {
        try {
            String text = Files.readString(root.resolve(MARKER), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return null;
        }
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidMailboxPathException("mailbox id is not of letters, digits and hyphens: " + id);
        }
    }

    /** Writes the marker by the Maildir rule: unique temporary file, fsync, link(2), fsync of the root. */
    private static void writeMarker(Path root, String id) throws IOException {
        Path marker = root.resolve(MARKER);
        Path tmp = root.resolve(MARKER + "." + MaildirNames.uniqueBase(Instant.now(), "tmp") + ".tmp");
        Fsync.newFile(tmp, id + "\n");
        try {
            try {
                Files.createLink(marker, tmp);
            } catch (FileAlreadyExistsException existing) {
                // A lost NFS reply of our own link, or an empty marker being replaced.
                if (!id.equals(readMarker(root))) {
                    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
        Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(deletedDomain);
        Fsync.directory(root.getParent());
    }
}
