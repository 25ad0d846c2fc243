package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Maildir in a temp directory for the {@link ScanCache} tests, with a scanner and a lister that
 * remember in one cache over a {@link RecordingProbe}, and the uncached answers they must equal.
 */
final class ScanFixture {

    /** Far above the timestamp tick of ext4, xfs or tmpfs (a jiffy, 10 ms at most), short for a test. */
    static final Duration MARGIN = Duration.ofMillis(50);

    final Path root;
    final RecordingProbe probe;
    final ScanCache cache;
    private int deliveries;

    ScanFixture(Path root) {
        this(root, new RecordingProbe(), MARGIN, Clock.systemUTC());
    }

    ScanFixture(Path root, RecordingProbe probe, Duration margin, Clock clock) {
        this.root = root;
        this.probe = probe;
        this.cache = new ScanCache(1_000_000, margin, clock, probe);
    }

    Path uidlist() {
        return root.resolve(UidlistFile.NAME);
    }

    ScanOutcome.Scanned scan() throws IOException {
        return scanned(new UidScanner(root, "node-a", Duration.ofSeconds(5), cache).scan(root));
    }

    List<MaildirMessage> list() throws IOException {
        return Maildir.open(root, "node-a", cache).list();
    }

    /** What a scanner that remembers nothing finds: the answer a cached scan must equal. */
    ScanOutcome.Scanned uncachedScan() throws IOException {
        return scanned(new UidScanner(root, "node-t", Duration.ofSeconds(5), fresh()).scan(root));
    }

    List<MaildirMessage> uncachedList() throws IOException {
        return Maildir.open(root, "node-t", fresh()).list();
    }

    /** Another node's scanner: it moves new/ to cur/ and appends UIDs on its own. */
    ScanOutcome.Scanned scanByAnotherNode() throws IOException {
        return scanned(new UidScanner(root, "node-b", Duration.ofSeconds(5), fresh()).scan(root));
    }

    private static ScanCache fresh() {
        return new ScanCache(1_000_000, MARGIN, true);
    }

    /** Scans until a rescan lists nothing: the cache then holds settled stamps for everything. */
    ScanOutcome.Scanned warmScan() throws IOException {
        for (int i = 0; i < 5; i++) {
            pause();
            ScanOutcome.Scanned last = scan();
            if (probe.takeListed().isEmpty()) {
                return last;
            }
        }
        throw new AssertionError("the scan cache never settled");
    }

    List<MaildirMessage> warmList() throws IOException {
        for (int i = 0; i < 5; i++) {
            pause();
            List<MaildirMessage> last = list();
            if (probe.takeListed().isEmpty()) {
                return last;
            }
        }
        throw new AssertionError("the listing cache never settled");
    }

    /** Waits out the settle margin, so that what was just changed counts as settled. */
    static void pause() {
        try {
            Thread.sleep(MARGIN.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code count} messages written straight into cur/ (no fsync: only names matter), oldest first; their base names. */
    List<String> seed(int count) throws IOException {
        Maildir.open(root, "seed").create();
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String base = MaildirNames.withSizes(
                    MaildirNames.uniqueBase(Instant.ofEpochSecond(1_600_000_000L + i), "seed"), 2, 3);
            Files.writeString(root.resolve("cur").resolve(base + ":2,"), "x\n");
            bases.add(base);
        }
        return bases;
    }

    /** A delivery by another node through the library; its file name in new/. */
    String deliver() throws IOException {
        int n = ++deliveries;
        String name = Maildir.open(root, "node-b")
                .deliver("Q" + n + "/someone", new ByteArrayInputStream(("message " + n + "\n").getBytes(StandardCharsets.UTF_8)))
                .name();
        // A delivery is done when its marker is moved too (ADR 0003); a scan must not see that move later.
        MarkerMoves.await();
        return name;
    }

    static ScanOutcome.Scanned scanned(ScanOutcome outcome) {
        assertThat(outcome).isInstanceOf(ScanOutcome.Scanned.class);
        return (ScanOutcome.Scanned) outcome;
    }
}
