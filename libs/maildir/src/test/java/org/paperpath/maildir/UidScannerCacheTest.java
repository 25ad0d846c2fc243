package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UidScanner} over a {@link ScanCache} (issue 3, item 7): an unchanged folder answers from
 * three stats, a changed one lists only what changed, and every cached answer equals what a scanner
 * that remembers nothing finds.
 */
class UidScannerCacheTest {

    @TempDir
    Path root;

    private ScanFixture box;

    @BeforeEach
    void fixture() {
        box = new ScanFixture(root);
    }

    @Test
    void anUnchangedRescanAnswersFromThreeStatsWithoutListingReadingOrLocking() throws IOException {
        box.seed(20);
        ScanOutcome.Scanned warm = box.warmScan();
        long stats = box.cache.statCalls();
        long listings = box.cache.directoryListings();
        long bytes = box.cache.uidlistBytesRead();
        // Another node holds the lock: a scan that needed it would time out.
        Files.writeString(root.resolve(UidlistFile.NAME + ".lock"), "4242:node-b");

        ScanOutcome again = new UidScanner(root, "node-a", Duration.ofMillis(50), box.cache).scan(root);

        assertThat(again).isSameAs(warm);
        assertThat(box.cache.statCalls() - stats).isEqualTo(3);
        assertThat(box.cache.directoryListings()).isEqualTo(listings);
        assertThat(box.cache.uidlistBytesRead()).isEqualTo(bytes);
    }

    @Test
    void aNewMessageListsOnlyNewAndReadsNoUidlistLineTwice() throws IOException {
        box.seed(200);
        box.warmScan();
        long size = Files.size(box.uidlist());
        long bytes = box.cache.uidlistBytesRead();
        String name = box.deliver();

        ScanOutcome.Scanned scanned = box.scan();

        assertThat(box.probe.takeListed()).containsExactly(root.resolve("new"));
        assertThat(box.cache.uidlistBytesRead() - bytes).as("uidlist bytes read").isLessThan(size / 10);
        UidMessage last = scanned.messages().get(scanned.messages().size() - 1);
        assertThat(last.uid()).isEqualTo(201);
        assertThat(last.baseName()).isEqualTo(name);
        assertThat(last.path()).isEqualTo(root.resolve("cur").resolve(name + ":2,"));
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void aFlagRenameByAnotherWriterListsOnlyCurAndKeepsTheUid() throws IOException {
        List<String> bases = box.seed(20);
        box.warmScan();

        FlagUpdater.update(root, bases.get(3), f -> f.with(MessageFlags.SEEN));
        ScanOutcome.Scanned scanned = box.scan();

        assertThat(box.probe.takeListed()).containsExactly(root.resolve("cur"));
        assertThat(scanned.messages().get(3).uid()).isEqualTo(4);
        assertThat(scanned.messages().get(3).path().getFileName().toString()).isEqualTo(bases.get(3) + ":2,S");
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void anExpungeByAnotherWriterIsSeen() throws IOException {
        List<String> bases = box.seed(20);
        box.warmScan();

        Files.delete(FlagUpdater.find(root, bases.get(5)).orElseThrow());
        ScanOutcome.Scanned scanned = box.scan();

        assertThat(box.probe.takeListed()).containsExactly(root.resolve("cur"));
        assertThat(scanned.messages()).hasSize(19).extracting(UidMessage::baseName).doesNotContain(bases.get(5));
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void linesAnotherNodeAppendedAreTheOnlyUidlistBytesRead() throws IOException {
        box.seed(200);
        box.warmScan();
        long size = Files.size(box.uidlist());
        long bytes = box.cache.uidlistBytesRead();
        String name = box.deliver();
        ScanOutcome.Scanned theirs = box.scanByAnotherNode();
        long appended = Files.size(box.uidlist()) - size;

        ScanOutcome.Scanned ours = box.scan();

        assertThat(appended).isPositive();
        // The appended line, plus the header and the last line read before, compared to detect a rewrite.
        assertThat(box.cache.uidlistBytesRead() - bytes).isLessThan(appended + 200).isLessThan(size / 10);
        assertThat(ours.messages().get(200).baseName()).isEqualTo(name);
        assertThat(ours.messages().get(200).uid()).isEqualTo(201);
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void aUidlistCompactedByAnotherWriterIsReadInFull() throws IOException {
        List<String> bases = box.seed(100);
        box.warmScan();
        // Another writer expunges 60 messages and rewrites the list by rename without their lines,
        // its header's next UID raised as Dovecot leaves it after expunging the highest UIDs.
        Uidlist before = UidlistFile.read(box.uidlist()).orElseThrow().uidlist();
        List<UidlistEntry> live = new ArrayList<>();
        for (UidlistEntry entry : before.entries()) {
            if (entry.uid() <= 60) {
                Files.delete(FlagUpdater.find(root, entry.baseName()).orElseThrow());
            } else {
                live.add(entry);
            }
        }
        UidlistFile.write(box.uidlist(), new Uidlist(before.uidValidity(), 500, before.guid(), live));
        long compacted = Files.size(box.uidlist());
        String name = box.deliver();
        long bytes = box.cache.uidlistBytesRead();

        ScanOutcome.Scanned scanned = box.scan();

        assertThat(box.cache.uidlistBytesRead() - bytes).isGreaterThanOrEqualTo(compacted);
        assertThat(scanned.messages()).hasSize(41);
        assertThat(scanned.messages().get(0).baseName()).isEqualTo(bases.get(60));
        assertThat(scanned.messages().get(40).uid()).isEqualTo(500);
        assertThat(scanned.messages().get(40).baseName()).isEqualTo(name);
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void aUidlistRewrittenInPlaceOnTheSameInodeIsReadInFull() throws IOException {
        box.seed(30);
        box.warmScan();
        String text = Files.readString(box.uidlist());
        Files.writeString(box.uidlist(), text.replaceFirst(" N[0-9]+", " N900"), StandardOpenOption.TRUNCATE_EXISTING);
        box.deliver();

        ScanOutcome.Scanned scanned = box.scan();

        assertThat(scanned.messages().get(30).uid()).isEqualTo(900);
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void aHeaderRewrittenInPlaceToTheSameLengthIsReadAgain() throws IOException {
        box.seed(3);
        box.warmScan();
        String text = Files.readString(box.uidlist());
        assertThat(text).contains(" N1 ");
        Files.writeString(box.uidlist(), text.replace(" N1 ", " N7 "));
        box.deliver();

        ScanOutcome.Scanned scanned = box.scan();

        assertThat(scanned.messages().get(3).uid()).isEqualTo(7);
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void aLineTornByACrashedWriterIsCutAndItsMessageGetsTheNextUid() throws IOException {
        box.seed(10);
        box.warmScan();
        String name = box.deliver();
        Files.writeString(box.uidlist(), "11 :" + name, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        ScanOutcome.Scanned scanned = box.scan();

        assertThat(scanned.messages().get(10).uid()).isEqualTo(11);
        assertThat(scanned.messages().get(10).baseName()).isEqualTo(name);
        assertThat(Files.readString(box.uidlist())).endsWith("\n11 :" + name + "\n");
        assertThat(scanned).isEqualTo(box.uncachedScan());
    }

    @Test
    void aFolderDeletedAndMadeAgainIsScannedAfreshWithANewUidValidity() throws IOException {
        Path sub = root.resolve(".Sub");
        ScanFixture folder = new ScanFixture(sub);
        UidScanner scanner = new UidScanner(root, "node-a", Duration.ofSeconds(5), folder.cache);
        folder.seed(5);
        long first = ScanFixture.scanned(scanner.scan(sub)).uidValidity();
        try (Stream<Path> files = Files.walk(sub)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        folder.seed(3);

        ScanOutcome.Scanned scanned = ScanFixture.scanned(scanner.scan(sub));

        assertThat(scanned.messages()).hasSize(3);
        assertThat(scanned.uidValidity()).isNotEqualTo(first);
        assertThat(scanned).isEqualTo(ScanFixture.scanned(
                new UidScanner(root, "node-t", Duration.ofSeconds(5), new ScanCache(1000, ScanFixture.MARGIN, true)).scan(sub)));
    }

    @Test
    void aChangeInTheSameClockTickAsTheCachedStampIsStillSeen() throws IOException {
        ScanFixture sameTick = frozenClockFixture(Duration.ofSeconds(2));
        List<String> bases = sameTick.seed(10);
        sameTick.scan();
        sameTick.scan();

        FlagUpdater.update(root, bases.get(3), f -> f.with(MessageFlags.FLAGGED));
        Files.delete(FlagUpdater.find(root, bases.get(5)).orElseThrow());
        ScanOutcome.Scanned scanned = sameTick.scan();

        assertThat(scanned.messages()).hasSize(9);
        assertThat(scanned).isEqualTo(sameTick.uncachedScan());
    }

    @Test
    void withoutASettleMarginTheSameChangeWouldHideBehindTheUnchangedStamp() throws IOException {
        ScanFixture sameTick = frozenClockFixture(Duration.ZERO);
        List<String> bases = sameTick.seed(10);
        sameTick.scan();
        sameTick.scan();

        Files.delete(FlagUpdater.find(root, bases.get(5)).orElseThrow());
        ScanOutcome.Scanned scanned = sameTick.scan();

        // What the margin is for: the stamp did not change, so this cache missed the expunge.
        assertThat(scanned.messages()).hasSize(10);
        assertThat(sameTick.uncachedScan().messages()).hasSize(9);
    }

    @Test
    void onAFileSystemWithOneSecondTimesChangesRightAfterAScanAreSeen() throws IOException {
        ScanFixture nfs = new ScanFixture(root, RecordingProbe.coarsened(TimeUnit.SECONDS.toNanos(1)),
                ScanCache.DEFAULT_SETTLE_MARGIN, Clock.systemUTC());
        List<String> bases = nfs.seed(10);
        for (int round = 0; round < 5; round++) {
            nfs.scan();
            FlagUpdater.update(root, bases.get(round), f -> f.with(MessageFlags.SEEN));
            nfs.deliver();
            ScanOutcome.Scanned scanned = nfs.scan();
            assertThat(scanned).as("round %d", round).isEqualTo(nfs.uncachedScan());
        }
    }

    @Test
    void aCacheOverItsLimitForgetsTheLeastRecentlyScannedFolder() throws IOException {
        RecordingProbe probe = new RecordingProbe();
        ScanCache small = new ScanCache(15, ScanFixture.MARGIN, Clock.systemUTC(), probe);
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        new ScanFixture(a).seed(10);
        new ScanFixture(b).seed(10);
        ScanFixture.pause();
        UidScanner scanner = new UidScanner(root, "node-a", Duration.ofSeconds(5), small);
        scanner.scan(a);
        scanner.scan(b);
        probe.takeListed();

        scanner.scan(b);
        scanner.scan(a);

        assertThat(probe.takeListed()).containsExactlyInAnyOrder(a.resolve("new"), a.resolve("cur"));
    }

    /** Every stamp frozen at one instant, the clock one second later: all changes fall in one tick. */
    private ScanFixture frozenClockFixture(Duration margin) {
        Instant tick = Instant.now();
        long nanos = TimeUnit.SECONDS.toNanos(tick.getEpochSecond()) + tick.getNano();
        return new ScanFixture(root, RecordingProbe.frozenAt(nanos), margin,
                Clock.fixed(tick.plusSeconds(1), ZoneOffset.UTC));
    }
}
