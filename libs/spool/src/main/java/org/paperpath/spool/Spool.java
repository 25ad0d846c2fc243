package org.paperpath.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.paperpath.model.QueueId;

/**
 * Message bodies on the shared volume, from acceptance until every recipient is final
 * (DESIGN.md, "claim check"). A body is written under {@code tmp/}, fsynced, renamed into
 * {@code <xx>/<queue id>} (xx = the id's last two hex digits) and that directory fsynced: a body
 * committed with {@link SpoolWriter#commit} is complete and durable whenever it is visible under its
 * reference. smtp-ingress instead publishes first and forces while the broker takes the envelope
 * ({@link SpoolWriter#publish}, {@link SpoolWriter#force}, ADR 0004): its bodies are complete for
 * every reader when visible, and durable before any 250. Any number of writers on any number of
 * nodes may share one spool: names are queue ids, and no lock is taken. The volume must give
 * close-to-open consistency (NFS does): a body closed on one node reads whole on every other.
 */
public final class Spool {

    /** A spool reference: {@code xx/<queue id>}. Anything else is refused before it touches a path. */
    private static final Pattern REF = Pattern.compile("[0-9A-F]{2}/[0-9A-F]{24}");

    private final Path root;
    private final Path tmp;

    public Spool(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(tmp);
    }

    public Path root() {
        return root;
    }

    /** Starts writing the body of {@code id}; nothing is visible under its reference until {@link SpoolWriter#commit}. */
    public SpoolWriter create(QueueId id) throws IOException {
        Path file = tmp.resolve(id.value());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new SpoolWriter(this, id, file, channel);
    }

    /** Called by a writer whose bytes are fsynced: move into the tree and make the move durable. */
    String publish(QueueId id, Path tmpFile) throws IOException {
        String ref = rename(id, tmpFile);
        fsyncDirectory(root.resolve(ref).getParent());
        return ref;
    }

    /** Moves a closed tmp file into the tree under its reference; nothing is forced. */
    String rename(QueueId id, Path tmpFile) throws IOException {
        String ref = refOf(id);
        Path target = root.resolve(ref);
        try {
            move(tmpFile, target);
        } catch (NoSuchFileException firstBodyInItsDirectory) {
            // The tree's 256 directories are made as bodies need them; after that a publish costs one rename.
            Files.createDirectories(target.getParent());
            move(tmpFile, target);
        }
        return ref;
    }

    /** Forces a body renamed into the tree, and the rename, to disk. */
    void force(String ref) throws IOException {
        forceContent(ref);
        forceName(ref);
    }

    /** Forces a body's content to disk (fsync through a new descriptor: it flushes the file, whichever wrote it). */
    void forceContent(String ref) throws IOException {
        try (FileChannel channel = FileChannel.open(resolve(ref), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Forces the rename that put a body under its reference to disk: fsyncs its directory. */
    void forceName(String ref) throws IOException {
        fsyncDirectory(resolve(ref).getParent());
    }

    private static void move(Path tmpFile, Path target) throws IOException {
        try {
            Files.move(tmpFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("spool volume does not support atomic rename", e);
        }
    }

    static String refOf(QueueId id) {
        String value = id.value();
        return value.substring(value.length() - 2) + "/" + value;
    }

    /** Opens a committed body for reading. */
    public InputStream open(String ref) throws IOException {
        return Files.newInputStream(resolve(ref));
    }

    public long size(String ref) throws IOException {
        return Files.size(resolve(ref));
    }

    public boolean exists(String ref) {
        return Files.exists(resolve(ref));
    }

    /** What {@link #check} found under a reference. */
    public enum BodyCheck {
        /** Exactly the expected octets. */
        WHOLE,
        /** There, but of another size or checksum. */
        DAMAGED,
        /** Not there. */
        MISSING
    }

    /**
     * Whether the body under {@code ref} is there with exactly {@code size} octets whose CRC-32C is
     * {@code crc32c}: the check for a body published before it was durable (ADR 0004), which a crash
     * can have left missing or short, or on some filesystems with a hole of zeros.
     */
    public BodyCheck check(String ref, long size, long crc32c) throws IOException {
        Path body = resolve(ref);
        try (FileChannel channel = FileChannel.open(body, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                return BodyCheck.DAMAGED;
            }
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(size, 1), 64 * 1024));
            long read = 0;
            int n;
            while ((n = channel.read(buffer)) > 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
                read += n;
            }
            return read == size && crc.getValue() == crc32c ? BodyCheck.WHOLE : BodyCheck.DAMAGED;
        } catch (NoSuchFileException e) {
            return BodyCheck.MISSING;
        }
    }

    /** Frees a body once every recipient is final. Freeing twice is not an error. */
    public boolean delete(String ref) throws IOException {
        try {
            Files.delete(resolve(ref));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Number of committed bodies, for metrics and tests. */
    public long count() throws IOException {
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(p -> !p.startsWith(tmp) && Files.isRegularFile(p)).count();
        }
    }

    /** Files under {@code tmp/}: writes in progress or abandoned by a crash. */
    public long pendingCount() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }

    /** Removes tmp files older than {@code age}: writes that a crash abandoned before any 250. */
    public int sweepTmp(Duration age) throws IOException {
        Instant limit = Instant.now().minus(age);
        int removed = 0;
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(limit) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Usable bytes on the spool's volume, for the free-space threshold. */
    public long usableSpace() throws IOException {
        FileStore store = Files.getFileStore(root);
        return store.getUsableSpace();
    }

    private Path resolve(String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            throw new IllegalArgumentException("not a spool reference: " + ref);
        }
        return root.resolve(ref);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
