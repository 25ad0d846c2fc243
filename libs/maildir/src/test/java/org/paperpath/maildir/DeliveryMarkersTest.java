package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperpath.maildir.MarkerFiles.allIfPresent;
import static org.paperpath.maildir.MarkerFiles.done;
import static org.paperpath.maildir.MarkerFiles.nlink;
import static org.paperpath.maildir.MarkerFiles.pending;
import static org.paperpath.maildir.MarkerFiles.text;
import static org.paperpath.maildir.MarkerFiles.unreadable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery marker as a hard link to the message (ADR 0003): in new/ while a delivery is under way,
 * in {@code paperpath-deliveries/} once it completed; the crash states a retry can find, built on disk
 * directly; the earlier marker formats; pruning.
 */
class DeliveryMarkersTest {

    private static final String KEY = "Q1 a@example.org";

    @TempDir
    Path dir;

    private static String hash(String key) {
        return DeliveryMarkers.keyHash(key);
    }

    /** The markers in paperpath-deliveries/, without its {@link DeliveryMarkers#HARD_LINKS_ONLY} flag. */
    private static List<String> markers(Path box) throws IOException {
        return allIfPresent(box.resolve(Maildir.DELIVERIES_DIR)).stream().filter(n -> !n.equals(DeliveryMarkers.HARD_LINKS_ONLY))
                .toList();
    }

    /** As if an earlier version had made paperpath-deliveries/: old markers may be in it. */
    private static void madeByAnEarlierVersion(Path box) throws IOException {
        Files.delete(box.resolve(Maildir.DELIVERIES_DIR).resolve(DeliveryMarkers.HARD_LINKS_ONLY));
    }

    private static void age(Path p, Duration age) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    }

    /**
     * A written, fsynced tmp/ file of {@code key}'s delivery, as the version before ADR 0005 left it
     * just before the rename: these crash states are what an upgraded node may find (the states of
     * this version's own delivery are in {@link DeliveryIntoMarkerTest}).
     */
    private static Path tmpFileOf(Path box, String key, String content) throws IOException {
        String base = MaildirNames.uniqueBase(Instant.now(), "crashed-host", hash(key).substring(0, 16));
        Path tmp = box.resolve("tmp").resolve(base);
        Files.writeString(tmp, content);
        return tmp;
    }

    private static String sized(Path tmp) throws IOException {
        long size = Files.size(tmp);
        return MaildirNames.withSizes(tmp.getFileName().toString(), size, size + 1);
    }

    @Test
    void aCompletedMarkerIsAHardLinkToTheMessageAndNothingIsLeftInTmpOrAsADotNameInNew() throws IOException {
        Path box = dir.resolve("box");

        String name = Maildir.open(box, "host").deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();

        Path marker = done(box, KEY);
        Path message = box.resolve("new").resolve(name);
        assertThat(markers(box)).containsExactly(hash(KEY));
        assertThat(Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isSameFile(marker, message)).isTrue();
        assertThat(nlink(message)).isEqualTo(2);
        assertThat(name).contains("R" + hash(KEY).substring(0, 16) + ".");
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(name);
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void aRetryAfterACompletedDeliveryIsAlreadyDeliveredWithOneFileAndReadsNoneOfItsContent() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();

        // ADR 0005: the claim comes before the write, so a retry of a completed key reads nothing.
        DeliveryOutcome retry = maildir.deliver(KEY, unreadable());
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(nlink(box.resolve("new").resolve(name))).isEqualTo(2);
        assertThat(maildir.deliveredName(KEY)).contains(name);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(name);
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void aRetryAfterTheReaderMovedTheMessageToAnotherFolderIsStillAlreadyDelivered() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();
        Files.createDirectories(box.resolve(".Archive/cur"));
        Files.move(box.resolve("new").resolve(name), box.resolve(".Archive/cur").resolve(name + ":2,S"));

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(Maildir.DELIVERIES_DIR + "/" + hash(KEY)));
        assertThat(allIfPresent(box.resolve("new"))).isEmpty();
        assertThat(allIfPresent(box.resolve("cur"))).isEmpty();
    }

    @Test
    void aRetryAfterTheMessageWasExpungedDeliversItAgainExactlyOnce() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();
        Files.delete(box.resolve("new").resolve(name));
        assertThat(nlink(done(box, KEY))).isEqualTo(1);
        assertThat(maildir.deliveredName(KEY)).isEmpty();

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(retry.name());
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(retry.name()))).isTrue();
        assertThat(maildir.deliveredName(KEY)).contains(retry.name());
    }

    @Test
    void aCrashAfterTheLinkLeavesAYoungMarkerInNewAndTheRetryDefersLeavingNothing() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Path tmp = tmpFileOf(box, KEY, "hello\n");
        Files.createLink(pending(box, KEY), tmp);

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.InProgress(".paperpath-" + hash(KEY)));
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(".paperpath-" + hash(KEY));
        assertThat(allIfPresent(box.resolve("tmp"))).containsExactly(tmp.getFileName().toString());
        assertThat(markers(box)).isEmpty();
        assertThat(maildir.deliveredName(KEY)).isEmpty();
        QuotaOutcome withQuota = maildir.deliver(KEY, text("hello\r\n"), QuotaPolicy.NONE);
        MarkerMoves.await();
        assertThat(withQuota).isEqualTo(new QuotaOutcome.InProgress(".paperpath-" + hash(KEY)));
        assertThat(allIfPresent(box.resolve("tmp"))).containsExactly(tmp.getFileName().toString());
    }

    @Test
    void aCrashAfterTheLinkOlderThanTheWindowIsClearedAndTheKeyDeliveredOnce() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Path tmp = tmpFileOf(box, KEY, "hello\n");
        Files.createLink(pending(box, KEY), tmp);
        age(pending(box, KEY), DeliveryMarkers.IN_PROGRESS_WINDOW.plusMinutes(1));

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(retry.name());
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(retry.name()))).isTrue();
        assertThat(maildir.deliver(KEY, text("hello\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(retry.name()));
    }

    @Test
    void aCrashAfterTheRenameBeforeTheMarkersMoveIsAlreadyDeliveredAndTheMarkerMoved() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Path tmp = tmpFileOf(box, KEY, "hello\n");
        String name = sized(tmp);
        Files.createLink(pending(box, KEY), tmp);
        Files.move(tmp, box.resolve("new").resolve(name));
        age(pending(box, KEY), DeliveryMarkers.IN_PROGRESS_WINDOW.plusMinutes(1));
        assertThat(maildir.deliveredName(KEY)).contains(name);

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(name);
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(name))).isTrue();
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void aYoungMarkerInNewWhoseMessageIsThereIsAlreadyDeliveredAndLeftForItsOwnerToMove() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Path tmp = tmpFileOf(box, KEY, "hello\n");
        String name = sized(tmp);
        Files.createLink(pending(box, KEY), tmp);
        Files.move(tmp, box.resolve("new").resolve(name));

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(allIfPresent(box.resolve("new"))).containsExactlyInAnyOrder(name, ".paperpath-" + hash(KEY));
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void theSameStateWithTheMessageAlreadyReadIntoCurIsAlreadyDeliveredEvenWhenTheMarkerIsOld() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Path tmp = tmpFileOf(box, KEY, "hello\n");
        String name = sized(tmp);
        Files.createLink(pending(box, KEY), tmp);
        Files.move(tmp, box.resolve("cur").resolve(name + ":2,S"));
        age(pending(box, KEY), Duration.ofHours(2));

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name + ":2,S"));
        assertThat(allIfPresent(box.resolve("new"))).isEmpty();
        assertThat(allIfPresent(box.resolve("cur"))).containsExactly(name + ":2,S");
        assertThat(Files.exists(done(box, KEY))).isTrue();
    }

    @Test
    void twoThreadsRacingTheSameKeyNeverLeaveTwoCopies() throws Exception {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 300; round++) {
                String key = "Q" + round + " race@example.org";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<DeliveryOutcome>> outcomes = new ArrayList<>();
                for (int worker = 0; worker < 2; worker++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return maildir.deliver(key, text("race\r\n"));
                    }));
                }
                go.countDown();
                int delivered = 0;
                for (Future<DeliveryOutcome> outcome : outcomes) {
                    if (outcome.get() instanceof DeliveryOutcome.Delivered) {
                        delivered++;
                    }
                }
                String tag = "R" + hash(key).substring(0, 16) + ".";
                assertThat(delivered).as("round %d", round).isEqualTo(1);
                assertThat(allIfPresent(box.resolve("new")).stream().filter(n -> n.contains(tag))).as("round %d", round).hasSize(1);
                // A retry after the race never adds a copy either.
                assertThat(maildir.deliver(key, text("race\r\n"))).isInstanceOf(DeliveryOutcome.AlreadyDelivered.class);
            }
        } finally {
            pool.shutdownNow();
        }
        MarkerMoves.await();
        assertThat(allIfPresent(box.resolve("new"))).hasSize(300);
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
        assertThat(markers(box)).hasSize(300);
    }

    @Test
    void listingUidScanAndQuotaRecalculationIgnoreAMarkerInNew() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host", new ScanCache(1000, Duration.ZERO, false)).create();
        String name = maildir.deliver("Q0 a@example.org", text("delivered\r\n")).name();
        MarkerMoves.await();
        Files.createLink(pending(box, KEY), tmpFileOf(box, KEY, "in progress, not yet in new/\n"));

        assertThat(maildir.list()).extracting(MaildirMessage::uniqueName).containsExactly(name);
        QuotaUsage usage = new MaildirSize(box, "host", java.time.Clock.systemUTC(), false).recalculate("1000000S");
        assertThat(usage).isEqualTo(new QuotaUsage(MaildirNames.size(name).orElseThrow(), 1));
        ScanOutcome scanned = new UidScanner(box, "host", Duration.ofSeconds(5)).scan(box);
        assertThat(((ScanOutcome.Scanned) scanned).messages()).extracting(UidMessage::baseName).containsExactly(name);
        // The scan moved the message to cur/ and left the marker where it was.
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(".paperpath-" + hash(KEY));
    }

    @Test
    void aSymbolicLinkMarkerOfAnEarlierVersionStillMakesTheRetryAnswerAlreadyDelivered() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();
        madeByAnEarlierVersion(box);
        Files.delete(done(box, KEY));
        Files.createSymbolicLink(done(box, KEY), Path.of(name));
        Files.move(box.resolve("new").resolve(name), box.resolve("cur").resolve(name + ":2,S"));

        assertThat(maildir.deliveredName(KEY)).contains(name + ":2,S");
        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name + ":2,S"));
        assertThat(allIfPresent(box.resolve("new"))).isEmpty();
        assertThat(allIfPresent(box.resolve("cur"))).containsExactly(name + ":2,S");
    }

    @Test
    void aMarkerWrittenAsAFileByAnEarlierVersionStillMakesTheRetryAnswerAlreadyDelivered() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();
        madeByAnEarlierVersion(box);
        Files.delete(done(box, KEY));
        Files.writeString(done(box, KEY), name + "\n");

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(maildir.deliveredName(KEY)).contains(name);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(name);
    }

    @Test
    void aClaimWhoseLookupFailsAfterItsCreateLeavesNoMarkerAndNoTmpFile() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        maildir.deliver("Q0 other@example.org", text("makes paperpath-deliveries/\r\n"));
        MarkerMoves.await();
        // Neither a file nor a symbolic link: the lookup after the marker's create fails.
        Files.createDirectory(done(box, KEY));
        List<String> newBefore = allIfPresent(box.resolve("new"));

        assertThatThrownBy(() -> maildir.deliver(KEY, text("hello\r\n"))).isInstanceOf(IOException.class)
                .hasMessageContaining("neither a file nor a symbolic link");

        assertThat(Files.exists(pending(box, KEY), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(allIfPresent(box.resolve("new"))).isEqualTo(newBefore);
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void anEarlierVersionsMarkerWhoseMessageIsGoneLetsTheKeyBeDeliveredAgainOnce() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        Files.createDirectories(box.resolve(Maildir.DELIVERIES_DIR));
        Files.createSymbolicLink(done(box, KEY), Path.of("1700000000.M1P1Q1R1.gone,S=5,W=6"));

        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        MarkerMoves.await();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(retry.name());
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(retry.name()))).isTrue();
    }

    @Test
    void theSweepPrunesMarkersThatProtectNothingAndKeepsTheOthers() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        // Completed, message expunged (link count 1), delivered 2 hours ago: pruned.
        String expungedOld = maildir.deliver("expunged-old", text("x\r\n")).name();
        MarkerMoves.await();
        Files.delete(box.resolve("new").resolve(expungedOld));
        age(done(box, "expunged-old"), Duration.ofHours(2));
        // Completed, expunged, 30 minutes ago: kept (under an hour).
        String expungedYoung = maildir.deliver("expunged-young", text("x\r\n")).name();
        MarkerMoves.await();
        Files.delete(box.resolve("new").resolve(expungedYoung));
        age(done(box, "expunged-young"), Duration.ofMinutes(30));
        // Completed, message still there, 2 days old: kept.
        String kept = maildir.deliver("kept", text("x\r\n")).name();
        MarkerMoves.await();
        age(done(box, "kept"), Duration.ofDays(2));
        // Completed, message still there, 9 days old: pruned, the message stays.
        String ancient = maildir.deliver("ancient", text("x\r\n")).name();
        MarkerMoves.await();
        age(done(box, "ancient"), Duration.ofDays(9));
        // An earlier version's marker holding a name, 2 hours old (link count 1 too): kept.
        Files.writeString(done(box, "old-format"), kept + "\n");
        age(done(box, "old-format"), Duration.ofHours(2));
        // In new/: crashed 37 hours ago before its rename (its tmp/ file is just as old): removed.
        Path crashedTmp = tmpFileOf(box, "crashed", "x\n");
        Files.createLink(pending(box, "crashed"), crashedTmp);
        age(pending(box, "crashed"), Duration.ofHours(37));
        // In new/: crashed 37 hours ago after its rename, message read into cur/: moved to the deliveries.
        Path readTmp = tmpFileOf(box, "read", "x\n");
        String readName = sized(readTmp);
        Files.createLink(pending(box, "read"), readTmp);
        Files.move(readTmp, box.resolve("cur").resolve(readName + ":2,S"));
        age(pending(box, "read"), Duration.ofHours(37));
        // In new/: an hour old: kept (a retry deals with it).
        Files.createLink(pending(box, "recent"), tmpFileOf(box, "recent", "x\n"));
        age(pending(box, "recent"), Duration.ofHours(1));

        int removed = maildir.sweepTmp(Maildir.TMP_MAX_AGE);

        assertThat(markers(box)).containsExactlyInAnyOrder(hash("expunged-young"),
                hash("kept"), hash("old-format"), hash("read"));
        assertThat(allIfPresent(box.resolve("new"))).containsExactlyInAnyOrder(kept, ancient, ".paperpath-" + hash("recent"));
        assertThat(allIfPresent(box.resolve("cur"))).containsExactly(readName + ":2,S");
        // Two completed markers, the crashed marker in new/ and its tmp/ file.
        assertThat(removed).isEqualTo(4);
        assertThat(allIfPresent(box.resolve("tmp"))).hasSize(1);
        assertThat(maildir.deliver("kept", text("x\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(kept));
        assertThat(maildir.deliver("read", text("x\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(readName + ":2,S"));
    }

    @Test
    void theSweepMarksAnEarlierVersionsDirectoryOnceNoOldMarkerIsLeftInIt() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();
        Path flag = box.resolve(Maildir.DELIVERIES_DIR).resolve(DeliveryMarkers.HARD_LINKS_ONLY);
        assertThat(flag).exists();
        madeByAnEarlierVersion(box);
        Files.createSymbolicLink(done(box, "old"), Path.of(name));

        maildir.sweepTmp(Maildir.TMP_MAX_AGE);

        assertThat(flag).doesNotExist();
        assertThat(maildir.deliveredName("old")).contains(name);
        Files.getFileAttributeView(done(box, "old"), java.nio.file.attribute.BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).setTimes(FileTime.from(Instant.now().minus(Duration.ofDays(9))), null, null);

        maildir.sweepTmp(Maildir.TMP_MAX_AGE);

        assertThat(markers(box)).containsExactly(hash(KEY));
        assertThat(flag).exists();
        assertThat(maildir.deliver(KEY, text("hello\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
    }

    @Test
    void aMaildirMissingNewButHavingTmpIsMendedByTheDelivery() throws IOException {
        Path box = dir.resolve("box");
        Files.createDirectories(box.resolve("tmp"));

        String name = Maildir.open(box, "host").deliver(KEY, text("hello\r\n")).name();
        MarkerMoves.await();

        assertThat(box.resolve("new").resolve(name)).exists();
        assertThat(box.resolve("cur")).isDirectory();
    }
}
