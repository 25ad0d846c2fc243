package org.paperpath.bench.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.paperpath.maildir.FlagUpdater;
import org.paperpath.maildir.MaildirMessage;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.MaildirNames;
import org.paperpath.maildir.MessageFlags;
import org.paperpath.maildir.ScanCache;
import org.paperpath.maildir.ScanOutcome;
import org.paperpath.maildir.UidScanner;

/**
 * Rescans of one folder of 100,000 messages (issue 3, item 7), by {@link UidScanner#scan} (IMAP's
 * view: UIDs, new/ moved to cur/) and {@link Maildir#list()} (POP3's view):
 * <ul>
 *   <li>cold: a new, empty {@link ScanCache} (a fresh process), the uidlist already on disk;
 *   <li>warm: nothing changed since the last scan, which the cache answers;
 *   <li>incremental: one message delivered into new/ since the last scan;
 *   <li>after a flag change: one file in cur/ renamed by another writer, so cur/ is listed again.
 * </ul>
 * The fixture is built once per trial. The caches here settle after 20 ms instead of 2 s (ext4's
 * timestamps tick in milliseconds), so that setups wait less; what a scan does once the cache
 * holds settled stamps is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class RescanBenchmark {

    static final String HOST = "bench-host";
    static final Duration SETTLE = Duration.ofMillis(20);

    @Param("100000")
    public int messages;

    private BenchDirectory dir;
    Path folder;

    @Setup(Level.Trial)
    public void build() throws IOException {
        dir = BenchDirectory.create("rescan");
        folder = dir.path().resolve("mailbox");
        Maildir.open(folder, HOST).create();
        byte[] body = RawDelivery.message(200);
        Path cur = folder.resolve("cur");
        for (int i = 0; i < messages; i++) {
            String base = MaildirNames.withSizes(
                    MaildirNames.uniqueBase(Instant.ofEpochSecond(1_600_000_000L + i), HOST), 196, 200);
            Files.write(cur.resolve(base + (i % 3 == 0 ? ":2," : ":2,S")), body);
        }
        // The uidlist with 100,000 lines, written by a scan that remembers nothing.
        scan(newCache());
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        dir.delete();
    }

    static ScanCache newCache() {
        return new ScanCache(1_000_000, SETTLE, true);
    }

    ScanOutcome.Scanned scan(ScanCache cache) throws IOException {
        return (ScanOutcome.Scanned) new UidScanner(folder, HOST, Duration.ofSeconds(60), cache).scan(folder);
    }

    List<MaildirMessage> list(ScanCache cache) throws IOException {
        return Maildir.open(folder, HOST, cache).list();
    }

    static void settle() {
        try {
            Thread.sleep(SETTLE.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A cache nobody has filled yet: this process has never scanned the folder. */
    @State(Scope.Thread)
    public static class Cold {
        ScanCache cache;

        @Setup(Level.Invocation)
        public void fresh() {
            cache = newCache();
        }
    }

    /** A cache that holds settled stamps of the unchanged folder. */
    @State(Scope.Thread)
    public static class Warm {
        ScanCache cache;

        @Setup(Level.Trial)
        public void warm(RescanBenchmark bench) throws IOException {
            cache = newCache();
            for (int i = 0; i < 5; i++) {
                settle();
                long listings = cache.directoryListings();
                bench.scan(cache);
                bench.list(cache);
                if (cache.directoryListings() == listings) {
                    return;
                }
            }
            throw new IllegalStateException("the scan cache never settled");
        }
    }

    /** Settled, then one message delivered into new/. */
    @State(Scope.Thread)
    public static class OneNew {
        ScanCache cache = newCache();
        private int deliveries;

        @Setup(Level.Invocation)
        public void deliverOne(RescanBenchmark bench) throws IOException {
            settle();
            bench.scan(cache);
            deliveries++;
            Maildir.open(bench.folder, HOST).deliver("bench-" + deliveries + " user@example.org",
                    new ByteArrayInputStream(DeliveryBenchmark.MESSAGE));
        }
    }

    /** Settled listing, then one message delivered into new/ (the one before removed, so new/ stays small). */
    @State(Scope.Thread)
    public static class OneNewListed {
        ScanCache cache = newCache();
        private int deliveries;
        private Path previous;

        @Setup(Level.Invocation)
        public void deliverOne(RescanBenchmark bench) throws IOException {
            if (previous != null) {
                Files.deleteIfExists(previous);
            }
            settle();
            bench.list(cache);
            deliveries++;
            String name = Maildir.open(bench.folder, HOST).deliver("bench-list-" + deliveries + " user@example.org",
                    new ByteArrayInputStream(DeliveryBenchmark.MESSAGE)).name();
            previous = bench.folder.resolve("new").resolve(name);
        }
    }

    /** Settled, then one message's flags changed by another writer (a rename in cur/). */
    @State(Scope.Thread)
    public static class FlagChanged {
        ScanCache cache = newCache();
        private int changes;

        @Setup(Level.Invocation)
        public void renameOne(RescanBenchmark bench) throws IOException {
            settle();
            ScanOutcome.Scanned scanned = bench.scan(cache);
            String base = scanned.messages().get(changes++ % scanned.messages().size()).baseName();
            FlagUpdater.update(bench.folder, base, f -> f.has(MessageFlags.FLAGGED)
                    ? f.without(MessageFlags.FLAGGED) : f.with(MessageFlags.FLAGGED));
        }
    }

    @Benchmark
    public ScanOutcome.Scanned scanCold(Cold cold) throws IOException {
        return scan(cold.cache);
    }

    @Benchmark
    public ScanOutcome.Scanned scanWarm(Warm warm) throws IOException {
        return scan(warm.cache);
    }

    @Benchmark
    public ScanOutcome.Scanned scanOneNew(OneNew state) throws IOException {
        return scan(state.cache);
    }

    @Benchmark
    public ScanOutcome.Scanned scanAfterFlagChange(FlagChanged state) throws IOException {
        return scan(state.cache);
    }

    @Benchmark
    public List<MaildirMessage> listCold(Cold cold) throws IOException {
        return list(cold.cache);
    }

    @Benchmark
    public List<MaildirMessage> listWarm(Warm warm) throws IOException {
        return list(warm.cache);
    }

    @Benchmark
    public List<MaildirMessage> listOneNew(OneNewListed state) throws IOException {
        return list(state.cache);
    }
}
