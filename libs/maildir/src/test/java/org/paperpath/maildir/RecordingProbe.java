package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A {@link ScanCache.Probe} over the real file system that records which directories were listed,
 * and can show stamps as a coarser file system would ({@link #coarsened}).
 */
final class RecordingProbe implements ScanCache.Probe {

    private final ScanCache.Probe real = ScanCache.fileSystem(true);
    private final UnaryOperator<FileStamp> view;
    private final List<Path> listed = new ArrayList<>();

    RecordingProbe() {
        this(UnaryOperator.identity());
    }

    private RecordingProbe(UnaryOperator<FileStamp> view) {
        this.view = view;
    }

    /** Times cut down to multiples of {@code nanos}, as a file system that ticks that coarsely stamps them. */
    static RecordingProbe coarsened(long nanos) {
        return new RecordingProbe(s -> new FileStamp(s.device(), s.inode(), s.size(),
                Math.floorDiv(s.mtimeNanos(), nanos) * nanos, Math.floorDiv(s.ctimeNanos(), nanos) * nanos));
    }

    /** Every time shown as {@code nanos}: a file system whose clock did not tick during the test. */
    static RecordingProbe frozenAt(long nanos) {
        return new RecordingProbe(s -> s.exists() ? new FileStamp(s.device(), s.inode(), s.size(), nanos, nanos) : s);
    }

    @Override
    public FileStamp stamp(Path path) throws IOException {
        return view.apply(real.stamp(path));
    }

    @Override
    public synchronized List<String> list(Path dir) throws IOException {
        listed.add(dir);
        return real.list(dir);
    }

    /** The directories listed since the last call, and forgets them. */
    synchronized List<Path> takeListed() {
        List<Path> out = List.copyOf(listed);
        listed.clear();
        return out;
    }
}
