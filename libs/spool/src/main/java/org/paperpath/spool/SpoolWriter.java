package org.paperpath.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paperpath.model.QueueId;

/**
 * One body being written. Call order: {@link #write}* then exactly one of {@link #commit} (fsync and
 * publish; returns the reference) or {@link #abort} (delete). {@link #close} aborts if not committed,
 * so try-with-resources never leaves residue.
 */
public final class SpoolWriter implements AutoCloseable {

    private final Spool spool;
    private final QueueId id;
    private final Path file;
    private final FileChannel channel;
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

    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            size += channel.write(bytes);
        }
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    /** Forces the bytes to disk, renames into the tree and fsyncs the directory. */
    public String commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("spool writer for " + id + " already closed");
        }
        channel.force(true);
        channel.close();
        closed = true;
        try {
            committedRef = spool.publish(id, file);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
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
