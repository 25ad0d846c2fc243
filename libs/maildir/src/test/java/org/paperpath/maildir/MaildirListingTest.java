package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Maildir#list()} over a {@link ScanCache}: two stats for an unchanged Maildir, only the
 * changed directory listed otherwise, and always the list an uncached Maildir gives.
 */
class MaildirListingTest {

    @TempDir
    Path root;

    private ScanFixture box;

    @BeforeEach
    void fixture() {
        box = new ScanFixture(root);
    }

    @Test
    void anUnchangedMaildirIsListedFromTwoStats() throws IOException {
        box.seed(20);
        List<MaildirMessage> warm = box.warmList();
        long stats = box.cache.statCalls();
        long listings = box.cache.directoryListings();

        List<MaildirMessage> again = box.list();

        assertThat(again).isSameAs(warm).hasSize(20);
        assertThat(box.cache.statCalls() - stats).isEqualTo(2);
        assertThat(box.cache.directoryListings()).isEqualTo(listings);
    }

    @Test
    void aDeliveryListsOnlyNewAndComesLast() throws IOException {
        box.seed(20);
        box.warmList();

        String name = box.deliver();
        List<MaildirMessage> listed = box.list();

        assertThat(box.probe.takeListed()).containsExactly(root.resolve("new"));
        assertThat(listed).hasSize(21);
        assertThat(listed.get(20).uniqueName()).isEqualTo(name);
        assertThat(listed).isEqualTo(box.uncachedList());
    }

    @Test
    void aFlagRenameAndAnExpungeByAnotherWriterListOnlyCur() throws IOException {
        List<String> bases = box.seed(20);
        box.warmList();

        FlagUpdater.update(root, bases.get(2), f -> f.with(MessageFlags.SEEN));
        Files.delete(FlagUpdater.find(root, bases.get(7)).orElseThrow());
        List<MaildirMessage> listed = box.list();

        assertThat(box.probe.takeListed()).containsExactly(root.resolve("cur"));
        assertThat(listed).hasSize(19).extracting(MaildirMessage::uniqueName).doesNotContain(bases.get(7));
        assertThat(listed.get(2).path().getFileName().toString()).isEqualTo(bases.get(2) + ":2,S");
        assertThat(listed).isEqualTo(box.uncachedList());
    }

    @Test
    void aMessageMovedFromNewToCurByAReaderIsListedOnceWhereItIsNow() throws IOException {
        box.seed(5);
        String name = box.deliver();
        box.warmList();

        box.scanByAnotherNode();
        List<MaildirMessage> listed = box.list();

        assertThat(listed).hasSize(6).extracting(MaildirMessage::uniqueName).containsOnlyOnce(name);
        assertThat(listed.get(5).path()).isEqualTo(root.resolve("cur").resolve(name + ":2,"));
        assertThat(listed).isEqualTo(box.uncachedList());
    }

    @Test
    void aForeignNameWithoutSizesIsSizedOnceAndKeepsItsPlaceByMtime() throws IOException {
        box.seed(3);
        Path foreign = root.resolve("cur/foreign:2,");
        Files.writeString(foreign, "a\nb\n");
        Files.setLastModifiedTime(foreign, FileTime.fromMillis(0));
        List<MaildirMessage> first = box.warmList();

        String name = box.deliver();
        List<MaildirMessage> listed = box.list();

        assertThat(listed).extracting(MaildirMessage::uniqueName).startsWith("foreign").endsWith(name);
        assertThat(listed.get(0)).isSameAs(first.get(0));
        assertThat(listed.get(0).crlfSize()).isEqualTo(6);
    }

    @Test
    void aChangeInTheSameClockTickAsTheCachedStampIsStillListed() throws IOException {
        Instant tick = Instant.now();
        ScanFixture sameTick = new ScanFixture(root,
                RecordingProbe.frozenAt(TimeUnit.SECONDS.toNanos(tick.getEpochSecond()) + tick.getNano()),
                Duration.ofSeconds(2), Clock.fixed(tick.plusSeconds(1), ZoneOffset.UTC));
        List<String> bases = sameTick.seed(10);
        sameTick.list();
        sameTick.list();

        Files.delete(FlagUpdater.find(root, bases.get(4)).orElseThrow());
        List<MaildirMessage> listed = sameTick.list();

        assertThat(listed).hasSize(9).isEqualTo(sameTick.uncachedList());
    }

    @Test
    void aMissingMaildirListsAsEmptyAndThenItsFirstDelivery() throws IOException {
        Path missing = root.resolve("nobody");
        ScanFixture none = new ScanFixture(missing);

        assertThat(none.list()).isEmpty();
        String name = none.deliver();

        assertThat(none.list()).extracting(MaildirMessage::uniqueName).containsExactly(name);
    }
}
