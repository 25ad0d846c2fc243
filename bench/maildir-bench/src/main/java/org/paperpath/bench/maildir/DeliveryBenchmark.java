package org.paperpath.bench.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.paperpath.maildir.DeliveryOutcome;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.QuotaOutcome;
import org.paperpath.maildir.QuotaPolicy;

/**
 * Deliveries per second of a 4 KiB message, 1 and 4 threads, into one Maildir: through
 * {@link Maildir#deliver(String, java.io.InputStream)} with a delivery key (idempotent), through
 * the whole delivery-local sequence (retry check by key, then delivery with quota bookkeeping in
 * {@code maildirsize}), and the disk's floor for the same bytes ({@link RawDelivery}). Issue 3's
 * target: the library at 90 % of the floor or better.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class DeliveryBenchmark {

    static final byte[] MESSAGE = RawDelivery.message(4096);

    private final AtomicLong keys = new AtomicLong();
    private BenchDirectory dir;
    private Maildir maildir;
    private RawDelivery floor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchDirectory.create("delivery");
        maildir = Maildir.open(dir.path().resolve("library"), "bench-host").create();
        floor = new RawDelivery(dir.path().resolve("floor"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dir.delete();
    }

    private String key() {
        return "Q" + keys.incrementAndGet() + " user@example.org";
    }

    @Benchmark
    @Threads(1)
    public DeliveryOutcome library1() throws IOException {
        return maildir.deliver(key(), new ByteArrayInputStream(MESSAGE));
    }

    @Benchmark
    @Threads(4)
    public DeliveryOutcome library4() throws IOException {
        return maildir.deliver(key(), new ByteArrayInputStream(MESSAGE));
    }

    @Benchmark
    @Threads(1)
    public QuotaOutcome deliveryLocal1() throws IOException {
        return deliveryLocal();
    }

    @Benchmark
    @Threads(4)
    public QuotaOutcome deliveryLocal4() throws IOException {
        return deliveryLocal();
    }

    /** What LocalDeliverer does per record: look for an earlier attempt by key, then deliver with the quota policy. */
    private QuotaOutcome deliveryLocal() throws IOException {
        String key = key();
        if (maildir.deliveredName(key).isPresent()) {
            throw new IllegalStateException("fresh key found delivered: " + key);
        }
        return maildir.deliver(key, new ByteArrayInputStream(MESSAGE), QuotaPolicy.NONE);
    }

    @Benchmark
    @Threads(1)
    public Path floor1() throws IOException {
        return floor.deliver(MESSAGE);
    }

    @Benchmark
    @Threads(4)
    public Path floor4() throws IOException {
        return floor.deliver(MESSAGE);
    }
}
