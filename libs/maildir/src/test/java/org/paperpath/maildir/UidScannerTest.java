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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidScannerTest {

    @TempDir
    Path root;

    private UidScanner scanner() {
        return new UidScanner(root, "node-a", Duration.ofSeconds(5));
    }

    private ScanOutcome.Scanned scan() throws IOException {
        return scan(root);
    }

    private ScanOutcome.Scanned scan(Path folder) throws IOException {
        ScanOutcome outcome = scanner().scan(folder);
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

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aScanMovesNewToCurAndGivesUidsInDeliveryOrder() throws IOException {
        String second = deliver(2);
        String first = deliver(1);

        ScanOutcome.Scanned scanned = scan();

        assertThat(names(root.resolve("new"))).isEmpty();
        assertThat(names(root.resolve("cur"))).containsExactlyInAnyOrder(first + ":2,", second + ":2,");
        assertThat(scanned.messages()).extracting(UidMessage::uid, UidMessage::baseName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, first), org.assertj.core.groups.Tuple.tuple(2L, second));
        assertThat(scanned.nextUid()).isEqualTo(3);
        assertThat(Files.readString(root.resolve("dovecot-uidlist")))
                .matches("3 V" + scanned.uidValidity() + " N1 G[0-9a-f]{32}\n1 :" + first.replace(".", "\\.")
                        + "\n2 :" + second.replace(".", "\\.") + "\n");
        assertThat(root.resolve("dovecot-uidlist.lock")).doesNotExist();
    }

    @Test
    void uidsSurviveFlagRenamesRescansAndExpungesAndAreNeverReused() throws IOException {
        String a = deliver(1);
        String b = deliver(2);
        ScanOutcome.Scanned before = scan();
        FlagUpdater.update(root, a, f -> f.with(MessageFlags.SEEN));
        Files.delete(FlagUpdater.find(root, b).orElseThrow());
        String c = deliver(3);

        ScanOutcome.Scanned after = scan();

        assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(after.messages()).extracting(UidMessage::uid).containsExactly(1L, 3L);
        assertThat(after.messages()).extracting(UidMessage::baseName).containsExactly(a, c);
        assertThat(after.messages().get(0).path().getFileName().toString()).isEqualTo(a + ":2,S");
    }

    @Test
    void aDovecotUidlistIsContinuedWhereTheHeaderLagsBehindAppendedLines() throws IOException {
        String a = deliver(1);
        String b = deliver(2);
        Files.writeString(root.resolve("dovecot-uidlist"), "3 V1234 N10 G00112233445566778899aabbccddeeff\n"
                + "10 W99 :" + a + "\n17 :gone.M1P1.h\n");
        ScanOutcome.Scanned scanned = scan();

        assertThat(scanned.uidValidity()).isEqualTo(1234);
        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(10L, 18L);
        assertThat(Files.readString(root.resolve("dovecot-uidlist"))).isEqualTo("3 V1234 N10 G00112233445566778899aabbccddeeff\n"
                + "10 W99 :" + a + "\n17 :gone.M1P1.h\n18 :" + b + "\n");
    }

    @Test
    void aCourierUidDbIsImportedWithItsUidsAndUidValidityWhenNoUidlistExists() throws IOException {
        String a = deliver(1);
        String b = deliver(2);
        String c = deliver(3);
        Files.writeString(root.resolve("courierimapuiddb"), "1 1100000000 42\n7 " + a + "\n41 " + b + "\n");

        ScanOutcome.Scanned scanned = scan();

        assertThat(scanned.uidValidity()).isEqualTo(1100000000L);
        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(7L, 41L, 42L);
        assertThat(scanned.messages().get(2).baseName()).isEqualTo(c);
        assertThat(Files.readString(root.resolve("dovecot-uidlist"))).startsWith("3 V1100000000 N42 G");
    }

    @Test
    void foldersGetDifferentUidValiditiesFromTheRootsCounter() throws IOException {
        Path sub = root.resolve(".Sub");

        long inbox = scan(root).uidValidity();
        long folder = scan(sub).uidValidity();

        assertThat(folder).isNotEqualTo(inbox);
        assertThat(sub.resolve("dovecot-uidlist")).exists();
    }

    @Test
    void aTornLastLineIsCutAndItsMessageGetsTheNextUid() throws IOException {
        String a = deliver(1);
        Files.writeString(root.resolve("dovecot-uidlist"), "3 V5 N1\n1 :old.M1P1.h\n2 :" + a);

        ScanOutcome.Scanned scanned = scan();

        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(2L);
        assertThat(Files.readString(root.resolve("dovecot-uidlist"))).isEqualTo("3 V5 N2\n1 :old.M1P1.h\n2 :" + a + "\n");
    }

    @Test
    void manyExpungedLinesAreCompactedAwayByRewritingTheFileKeepingEveryUid() throws IOException {
        StringBuilder list = new StringBuilder("3 V5 N1\n");
        for (int i = 1; i <= 100; i++) {
            list.append(i).append(" :gone").append(i).append(".M1P1.h\n");
        }
        String a = deliver(1);
        list.append("101 :").append(a).append('\n');
        Files.writeString(root.resolve("dovecot-uidlist"), list);
        String b = deliver(2);

        ScanOutcome.Scanned scanned = scan();

        assertThat(scanned.messages()).extracting(UidMessage::uid).containsExactly(101L, 102L);
        assertThat(Files.readString(root.resolve("dovecot-uidlist")))
                .isEqualTo("3 V5 N103\n101 :" + a + "\n102 :" + b + "\n");
    }

    @Test
    void aScanWhileAnotherNodeHoldsTheLockTimesOutAndChangesNothing() throws IOException {
        deliver(1);
        Files.createDirectories(root);
        Files.writeString(root.resolve("dovecot-uidlist.lock"), "4242:node-b");

        ScanOutcome outcome = new UidScanner(root, "node-a", Duration.ofMillis(50)).scan(root);

        assertThat(outcome).isEqualTo(new ScanOutcome.LockTimedOut("4242:node-b"));
        assertThat(names(root.resolve("new"))).hasSize(1);
        assertThat(root.resolve("dovecot-uidlist")).doesNotExist();
    }
}
