package org.paperpath.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.paperpath.model.QueueId;

/**
 * One body being written. Call order: {@link #write}* then exactly one of
 * <ul>
 *   <li>{@link #commit}: fsync, rename into the tree, fsync the directory; returns the reference. A
 *       body visible under its reference is complete and durable at every moment.</li>
 *   <li>{@link #publish} then {@link #force}: rename into the tree first (complete for every reader:
 *       the file is closed before the rename, which on NFS sends its bytes to the server), then make
 *       file and rename durable. A caller may announce the reference between the two, so that the
 *       fsyncs overlap other work; a crash in between can leave it missing or short on disk, which
 *       is why such a caller also hands out {@link #crc32c} (ADR 0004).</li>
 *   <li>{@link #abort}: delete.</li>
 * </ul>
 * {@link #close} aborts if nothing was committed or published, so try-with-resources never leaves residue.
 */
public final class SpoolWriter implements AutoCloseable {

    private final Spool spool;
    private final QueueId id;
    private final Path file;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private long size;
    private String committedRef;
    private boolean closed;

    SpoolWriter(Spool spool, QueueId id, Path file, FileChannel channel) {
        this.spool = spool;
        this.id = id;
        this.file = file;
        this.channel = channel;
    }

    public QueueId id() {
        return id;
    }

    public long size() {
        return size;
    }

    /** The CRC-32C of the bytes written so far. */
    public long crc32c() {
        return crc.getValue();
    }

    public void write(ByteBuffer bytes) throws IOException {
        crc.update(bytes.duplicate());
        while (bytes.hasRemaining()) {
            size += channel.write(bytes);
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    /** Forces the bytes to disk, renames into the tree and fsyncs the directory. */
    public String commit() throws IOException {
        ensureOpen();
        channel.force(true);
        return closeAndMove(true);
    }

    /**
     * Closes the file and renames it into the tree, without any fsync: the body is complete for every
     * reader from here on, but durable only after {@link #force}. On failure the body is deleted.
     */
    public String publish() throws IOException {
        ensureOpen();
        return closeAndMove(false);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool writer for " + id + " already closed");
        }
    }

    /** Closes the file and moves it under its reference, with the directory fsynced if {@code durably}. */
    private String closeAndMove(boolean durably) throws IOException {
        channel.close();
        closed = true;
        try {
            committedRef = durably ? spool.publish(id, file) : spool.rename(id, file);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return committedRef;
    }

    /**
     * Makes a {@link #publish published} body durable: fsyncs the file (through a new descriptor:
     * fsync flushes the file, whichever descriptor wrote it) and then its directory. On a
     * journalled ext4 the file's fsync commits the rename with it, so the directory's costs little. Does not delete the
     * body on failure: the caller decides what a failed fsync means for the message.
     */
    public void force() throws IOException {
        spool.force(published());
    }

    /**
     * The first half of {@link #force}: the body's content. A caller may run it beside
     * {@link #forceName} (both must have ended before the body counts as durable).
     */
    public void forceContent() throws IOException {
        spool.forceContent(published());
    }

    /** The second half of {@link #force}: the directory entry under the body's reference. */
    public void forceName() throws IOException {
        spool.forceName(published());
    }

    private String published() {
        if (committedRef == null) {
            throw new IllegalStateException("spool body of " + id + " not published");
        }
        return committedRef;
    }

    /** Deletes what was written; the body never becomes visible. */
    public void abort() throws IOException {
        if (!closed) {
            channel.close();
            closed = true;
        }
        if (committedRef == null) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() throws IOException {
        if (committedRef == null) {
            abort();
        }
    }
}
