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
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code dovecot-uidlist} in Dovecot 1.0's version 1 format ({@code 1 <uidvalidity> <nextuid>},
 * then {@code <uid> <filename>}): read as it is, and rewritten as version 3 before a scan appends.
 */
class UidlistVersion1Test {

    private static final String A = "1100000001.M1P1.oldhost";
    private static final String B = "1100000002.M2P1.oldhost";
    private static final String C = "1100000003.M3P1.oldhost";

    @TempDir
    Path root;

    private Path uidlist() {
        return root.resolve(UidlistFile.NAME);
    }

    private static UidScanner coldScanner(Path root) {
        return new UidScanner(root, "node-a", Duration.ofSeconds(5), new ScanCache(10_000, Duration.ofMillis(50), false));
    }

    private static ScanOutcome.Scanned scanned(ScanOutcome outcome) {
        assertThat(outcome).isInstanceOf(ScanOutcome.Scanned.class);
        return (ScanOutcome.Scanned) outcome;
    }

    private String deliver(int second) throws IOException {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L + second), ZoneOffset.UTC);
        String name = Maildir.open(root, "node-a", clock)
                .deliver("Q" + second, new ByteArrayInputStream(("m" + second + "\n").getBytes(StandardCharsets.UTF_8)))
                .name();
        // A delivery is done when its marker is moved too (ADR 0003); a scan must not see that move later.
        MarkerMoves.await();
        return name;
    }

    /** Three messages in cur/ with UIDs 3, 5, 7 in a version 1 uidlist whose header says next is {@code next}. */
    private void oldFolder(long next) throws IOException {
        for (String dir : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("cur").resolve(A + ":2,S"), "a\n");
        Files.writeString(root.resolve("cur").resolve(B + ":2,"), "b\n");
        Files.writeString(root.resolve("cur").resolve(C + ":2,RS"), "c\n");
        Files.writeString(uidlist(), "1 1100000000 " + next + "\n3 " + A + "\n5 " + B + ":2,\n7 " + C + "\n");
    }

    @Test
    void aScanThatAssignsUidsRewritesAVersion1FileAsVersion3KeepingItsUidsAndUidValidity() throws IOException {
        oldFolder(10);
        String first = deliver(1);
        String second = deliver(2);
        UidScanner scanner = coldScanner(root);

        ScanOutcome.Scanned scanned = scanned(scanner.scan(root));

        assertThat(scanned.uidValidity()).isEqualTo(1100000000L);
        assertThat(scanned.messages()).extracting(UidMessage::uid, UidMessage::baseName).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, A), org.assertj.core.groups.Tuple.tuple(5L, B),
                org.assertj.core.groups.Tuple.tuple(7L, C), org.assertj.core.groups.Tuple.tuple(10L, first),
                org.assertj.core.groups.Tuple.tuple(11L, second));
        assertThat(Files.readString(uidlist())).isEqualTo("3 V1100000000 N10\n3 :" + A + "\n5 :" + B + "\n7 :" + C
                + "\n10 :" + first + "\n11 :" + second + "\n");
        UidlistFile.ReadResult read = UidlistFile.read(uidlist()).orElseThrow();
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.uidlist().uidValidity()).isEqualTo(1100000000L);
        assertThat(read.uidlist().nextUid()).isEqualTo(12);

        // The same scanner, warm: its tail reader follows the rewritten file.
        String third = deliver(3);
        ScanOutcome.Scanned warm = scanned(scanner.scan(root));
        assertThat(warm.messages()).extracting(UidMessage::uid).containsExactly(3L, 5L, 7L, 10L, 11L, 12L);
        assertThat(warm.messages().get(5).baseName()).isEqualTo(third);

        // A cold scanner with a fresh cache reads the file back.
        ScanOutcome.Scanned cold = scanned(coldScanner(root).scan(root));
        assertThat(cold.uidValidity()).isEqualTo(1100000000L);
        assertThat(cold.messages()).extracting(UidMessage::uid).containsExactly(3L, 5L, 7L, 10L, 11L, 12L);
        assertThat(cold.messages()).extracting(UidMessage::baseName).containsExactly(A, B, C, first, second, third);
    }

    @Test
    void theRewrittenHeaderTakesTheLastUidPlusOneWhenTheOldHeaderIsBehind() throws IOException {
        oldFolder(4);
        String first = deliver(1);

        ScanOutcome.Scanned scanned = scanned(coldScanner(root).scan(root));

        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(3L, 5L, 7L, 8L);
        assertThat(Files.readString(uidlist())).startsWith("3 V1100000000 N8\n3 :" + A + "\n");
        ScanOutcome.Scanned cold = scanned(coldScanner(root).scan(root));
        assertThat(cold.messages()).extracting(UidMessage::uid, UidMessage::baseName).last()
                .isEqualTo(org.assertj.core.groups.Tuple.tuple(8L, first));
    }

    @Test
    void aScanWithNothingNewReadsAVersion1FileAndLeavesItAlone() throws IOException {
        oldFolder(10);
        String before = Files.readString(uidlist());

        ScanOutcome.Scanned scanned = scanned(coldScanner(root).scan(root));

        assertThat(scanned.uidValidity()).isEqualTo(1100000000L);
        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(3L, 5L, 7L);
        assertThat(Files.readString(uidlist())).isEqualTo(before);
        assertThat(UidlistFile.read(uidlist()).orElseThrow().version()).isEqualTo(1);
    }
}
