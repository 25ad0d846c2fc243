package org.paperpath.bench.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.paperpath.maildir.Maildir;

/**
 * The library against the floor on a disk whose speed wanders (a shared virtual disk): every
 * invocation makes one library delivery and one floor delivery of the same 4 KiB message, in
 * alternating order, and adds the time each took to its own counter. The ratio
 * {@code floorNanos / libraryNanos} is then measured under the same conditions at every moment,
 * which separate trials a minute apart are not.
 *
 * <p>{@link #control1} and {@link #control4} are the method's control: the same pairs with the
 * library replaced by a second floor in a directory of its own. Their ratio should be 1.00; how far
 * it strays says how much of a library figure is the method's (the two directories' places on the
 * disk, the alternation) rather than the library's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class PairedDeliveryBenchmark {

    /** Nanoseconds spent in each kind of delivery, summed per iteration; the pair count is the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long floorNanos;
        public long libraryNanos;
        private boolean libraryFirst;
        private int sinceRead;
    }

    private final AtomicLong keys = new AtomicLong();
    private BenchDirectory dir;
    private Maildir maildir;
    private RawDelivery floor;
    private RawDelivery otherFloor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchDirectory.create("paired");
        maildir = Maildir.open(dir.path().resolve("library"), "bench-host").create();
        floor = new RawDelivery(dir.path().resolve("floor"));
        otherFloor = new RawDelivery(dir.path().resolve("other-floor"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dir.delete();
    }

    @Benchmark
    @Threads(1)
    public void pair1(Split split) throws IOException {
        pair(split);
    }

    @Benchmark
    @Threads(4)
    public void pair4(Split split) throws IOException {
        pair(split);
    }

    /** The control: {@code libraryNanos} counts a second floor, so the ratio should be 1.00. */
    @Benchmark
    @Threads(1)
    public void control1(Split split) throws IOException {
        control(split);
    }

    @Benchmark
    @Threads(4)
    public void control4(Split split) throws IOException {
        control(split);
    }

    /**
     * As {@link #pair1}, with a reader: every {@value #READ_EVERY} pairs (per thread, untimed) the
     * messages in both new/ directories move to cur/, as a mail client's first look moves them. A
     * read mailbox keeps a small new/, where the library's marker and its message usually share one
     * directory block; in the plain benchmark new/ grows to tens of thousands of names and they
     * rarely do, so that every library delivery writes one directory block more than the floor's.
     */
    @Benchmark
    @Threads(1)
    public void pairRead1(Split split) throws IOException {
        pair(split);
        readNewNowAndThen(split);
    }

    @Benchmark
    @Threads(4)
    public void pairRead4(Split split) throws IOException {
        pair(split);
        readNewNowAndThen(split);
    }

    static final int READ_EVERY = 20;

    private void readNewNowAndThen(Split split) throws IOException {
        if (++split.sinceRead < READ_EVERY) {
            return;
        }
        split.sinceRead = 0;
        moveNewToCur(maildir.root());
        moveNewToCur(floor.root());
    }

    /** What a reader does to new/: each message (not the dot names) renamed into cur/ with an empty info. */
    private static void moveNewToCur(Path root) throws IOException {
        Path newDir = root.resolve("new");
        Path curDir = root.resolve("cur");
        try (DirectoryStream<Path> names = Files.newDirectoryStream(newDir)) {
            for (Path message : names) {
                String name = message.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                try {
                    Files.move(message, curDir.resolve(name + ":2,"), StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException movedByAnotherThread) {
                    // Another thread's reader took it first.
                }
            }
        }
    }

    private void pair(Split split) throws IOException {
        alternate(split, this::timeLibrary);
    }

    private void control(Split split) throws IOException {
        alternate(split, () -> time(otherFloor));
    }

    /** One delivery timed in nanoseconds. */
    @FunctionalInterface
    private interface Timed {
        long nanos() throws IOException;
    }

    /** One floor delivery and one of {@code other}, their order swapped each time, each added to its counter. */
    private void alternate(Split split, Timed other) throws IOException {
        split.libraryFirst = !split.libraryFirst;
        if (split.libraryFirst) {
            split.libraryNanos += other.nanos();
            split.floorNanos += time(floor);
        } else {
            split.floorNanos += time(floor);
            split.libraryNanos += other.nanos();
        }
    }

    private static long time(RawDelivery delivery) throws IOException {
        long start = System.nanoTime();
        delivery.deliver(DeliveryBenchmark.MESSAGE);
        return System.nanoTime() - start;
    }

    private long timeLibrary() throws IOException {
        long start = System.nanoTime();
        maildir.deliver("Q" + keys.incrementAndGet() + " user@example.org", new ByteArrayInputStream(DeliveryBenchmark.MESSAGE));
        return System.nanoTime() - start;
    }
}
