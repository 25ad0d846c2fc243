package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.maildir.Maildir;

class TmpSweeperTest {

    @TempDir
    Path data;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Path mail() {
        return data.resolve("mail");
    }

    /** A file last modified {@code age} ago, relative to the wall clock that {@link Maildir#sweepTmp} uses. */
    private static Path file(Path path, Duration age) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x");
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(age)));
        return path;
    }

    private static Path stale(Path path) throws IOException {
        return file(path, Maildir.TMP_MAX_AGE.plusHours(4));
    }

    private static Path recent(Path path) throws IOException {
        return file(path, Duration.ofHours(1));
    }

    private TmpSweeper.Summary sweep() {
        return new TmpSweeper(mail(), "node1", Clock.systemUTC(), meters).sweep();
    }

    @Test
    void staleTmpFilesOfEveryMailboxAndFolderGoAndEverythingElseStays() throws IOException {
        Path alice = mail().resolve("example.org/alice");
        Path oldInbox = stale(alice.resolve("tmp/1.crashed"));
        Path freshInbox = recent(alice.resolve("tmp/2.writing"));
        Path oldMessage = stale(alice.resolve("new/3.message"));
        Path oldFolder = stale(alice.resolve(".Sent/tmp/4.crashed"));
        Path freshFolder = recent(alice.resolve(".Sent/tmp/5.writing"));
        Path oldAutoreply = stale(alice.resolve("paperpath-autoresponder/tmp/6"));
        Path otherDomain = stale(mail().resolve("example.net/bob/tmp/7.crashed"));

        TmpSweeper.Summary summary = sweep();

        assertThat(summary).isEqualTo(new TmpSweeper.Summary(2, 4, 0, 0));
        assertThat(oldInbox).doesNotExist();
        assertThat(oldFolder).doesNotExist();
        assertThat(oldAutoreply).doesNotExist();
        assertThat(otherDomain).doesNotExist();
        assertThat(freshInbox).exists();
        assertThat(freshFolder).exists();
        assertThat(oldMessage).exists();
        assertThat(meters.counter("paperpath.delivery.local.tmp.removed").count()).isEqualTo(4);
        assertThat(sweep().removed()).isZero();
    }

    @Test
    void deletedMaildirsAndEveryDotDirectoryUnderTheMailRootAreLeftAlone() throws IOException {
        Path live = stale(mail().resolve("example.org/erin/tmp/1.crashed"));
        Path movedAside = stale(mail().resolve(".deleted/example.org/erin.11111111-1111-4111-8111-111111111111/tmp/2"));
        Path dotDomain = stale(mail().resolve(".snapshot/box/tmp/3"));
        Path dotMailbox = stale(mail().resolve("example.org/.erin.lock.d/tmp/4"));

        TmpSweeper.Summary summary = sweep();

        assertThat(summary).isEqualTo(new TmpSweeper.Summary(1, 1, 0, 0));
        assertThat(live).doesNotExist();
        assertThat(movedAside).exists();
        assertThat(dotDomain).exists();
        assertThat(dotMailbox).exists();
    }

    @Test
    void noSymlinkLeadsTheSweepOutOfTheMailRoot() throws IOException {
        Path outside = data.resolve("outside");
        Path victimFolderFile = stale(outside.resolve("folder/tmp/precious"));
        Path victimDomainFile = stale(outside.resolve("domain/carol/tmp/precious"));
        Path victimFile = stale(outside.resolve("file"));
        Path evil = mail().resolve("example.org/evil");
        Path evilOwn = stale(evil.resolve("tmp/1.crashed"));
        Files.createSymbolicLink(evil.resolve(".Trap"), outside.resolve("folder"));
        Files.createDirectories(mail().resolve("example.org"));
        Files.createSymbolicLink(mail().resolve("linked.org"), outside.resolve("domain"));
        Path alice = mail().resolve("example.org/alice");
        Files.createDirectories(alice.resolve("tmp"));
        Path link = Files.createSymbolicLink(alice.resolve("tmp/link"), victimFile);

        TmpSweeper.Summary summary = sweep();

        assertThat(victimFolderFile).exists();
        assertThat(victimDomainFile).exists();
        assertThat(victimFile).exists();
        assertThat(evilOwn).as("a mailbox with a way out is skipped as a whole").exists();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).as("an old link itself is removed").isFalse();
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(meters.counter("paperpath.delivery.local.tmp.skipped").count()).isEqualTo(1);
    }

    @Test
    void aMissingMailRootIsNothingToSweep() {
        assertThat(sweep()).isEqualTo(new TmpSweeper.Summary(0, 0, 0, 0));
    }
}
