package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidValidityCounterTest {

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @TempDir
    Path root;

    @Test
    void startsAtTheClockAndThenOnlyCountsUpInDovecotsMarkerFiles() throws IOException {
        UidValidityCounter counter = new UidValidityCounter(root, FIXED);

        assertThat(counter.next()).isEqualTo(1_700_000_000L);
        assertThat(counter.next()).isEqualTo(1_700_000_001L);
        assertThat(counter.next()).isEqualTo(1_700_000_002L);
        assertThat(root.resolve("dovecot-uidvalidity.6553f102")).exists();
        assertThat(Files.readString(root.resolve("dovecot-uidvalidity"))).isEqualTo("6553f102\n");
    }

    @Test
    void continuesACounterDovecotLeftBehindEvenIfTheClockIsBehindIt() throws IOException {
        Files.createFile(root.resolve("dovecot-uidvalidity.7fffff00"));

        assertThat(new UidValidityCounter(root, FIXED).next()).isEqualTo(0x7fffff01L);
    }

    @Test
    void concurrentCallersNeverGetTheSameValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Long> seen = new HashSet<>();
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    UidValidityCounter counter = new UidValidityCounter(root);
                    List<Long> values = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        values.add(counter.next());
                    }
                    return values;
                }));
            }
            for (Future<List<Long>> f : futures) {
                for (long v : f.get()) {
                    assertThat(seen.add(v)).as("UIDVALIDITY %d handed out twice", v).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(200);
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp."));
        }
    }
}
