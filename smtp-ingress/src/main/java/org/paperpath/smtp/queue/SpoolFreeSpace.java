package org.paperpath.smtp.queue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpoolCapacity} from the spool directory itself: unwritable if it is missing or not writable
 * (a read-only or unmounted volume), low if the volume's usable space is under the threshold. One
 * statvfs(2) per question, no caching of the answer, so a refusal ends as soon as space is freed. A change of
 * state is logged once, not once per client.
 */
public final class SpoolFreeSpace implements SpoolCapacity {

    /** Usable octets on the volume that holds a path. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes(Path path) throws IOException;
    }

    /**
     * The production source: {@link FileStore#getUsableSpace()}, one statvfs(2) per question (about
     * 1 µs). The {@link FileStore} is looked up once per path, because the lookup reads the whole
     * mount table (75-90 µs here, on every MAIL command before this was kept); a failing question
     * looks it up again the next time.
     */
    public static final FreeSpace FILE_STORE = new CachedFileStore();

    private static final class CachedFileStore implements FreeSpace {

        private record Found(Path path, FileStore store) {
        }

        private volatile Found found;

        @Override
        public long usableBytes(Path path) throws IOException {
            Found known = found;
            if (known == null || !known.path().equals(path)) {
                known = new Found(path, Files.getFileStore(path));
                found = known;
            }
            try {
                return known.store().getUsableSpace();
            } catch (IOException e) {
                found = null;
                throw e;
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SpoolFreeSpace.class);

    private final Path spoolRoot;
    private final long minFreeBytes;
    private final FreeSpace freeSpace;
    private volatile Status last = Status.AVAILABLE;

    /** @param minFreeBytes usable octets under which new mail is refused; 0 refuses only when unwritable */
    public SpoolFreeSpace(Path spoolRoot, long minFreeBytes, FreeSpace freeSpace) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("the minimum free space must not be negative");
        }
        this.spoolRoot = spoolRoot;
        this.minFreeBytes = minFreeBytes;
        this.freeSpace = freeSpace;
    }

    @Override
    public Status status() {
        Status now;
        long usable = -1;
        if (!Files.isDirectory(spoolRoot) || !Files.isWritable(spoolRoot)) {
            now = Status.UNWRITABLE;
        } else {
            try {
                usable = freeSpace.usableBytes(spoolRoot);
                now = usable < minFreeBytes ? Status.LOW : Status.AVAILABLE;
            } catch (IOException e) {
                now = Status.UNWRITABLE;
            }
        }
        if (now != last) {
            last = now;
            if (now == Status.AVAILABLE) {
                log.info("spool {} accepts mail again", spoolRoot);
            } else {
                log.warn("spool {} {}: new mail is refused", spoolRoot, now == Status.LOW
                        ? "has " + usable + " usable bytes, under the minimum of " + minFreeBytes
                                + " (paperpath.smtp.min-spool-free-space)"
                        : "is missing or not writable");
            }
        }
        return now;
    }
}
