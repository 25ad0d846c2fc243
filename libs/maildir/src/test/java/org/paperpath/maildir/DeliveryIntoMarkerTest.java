package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperpath.maildir.MarkerFiles.allIfPresent;
import static org.paperpath.maildir.MarkerFiles.done;
import static org.paperpath.maildir.MarkerFiles.pending;
import static org.paperpath.maildir.MarkerFiles.text;
import static org.paperpath.maildir.MarkerFiles.unreadable;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed delivery writes its message into its own marker in new/ (ADR 0005): what a reader, a retry
 * and a failure find at each step, with the steps observed through the content stream the delivery
 * is reading, and the crash states built on disk.
 */
class DeliveryIntoMarkerTest {

    private static final String KEY = "Q5 b@example.org";
    private static final String OTHER = "Q6 c@example.org";

    @TempDir
    Path dir;

    /** A content stream that has the test look at the disk once the delivery has read {@code head}. */
    private static InputStream pausingAfter(String head, String tail, IoAction whileWriting) {
        InputStream probe = new InputStream() {
            private boolean done;

            @Override
            public int read() throws IOException {
                if (!done) {
                    done = true;
                    whileWriting.run();
                }
                return -1;
            }
        };
        return new SequenceInputStream(new SequenceInputStream(text(head), probe), text(tail));
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void whileTheMessageIsWrittenItIsOnlyTheKeysDotNamedMarkerInNewAndNothingIsInTmp() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        AtomicReference<String> seen = new AtomicReference<>();

        String name = maildir.deliver(KEY, pausingAfter("Subject: a\r\n", "\r\nbody\r\n", () -> {
            seen.set(MarkerFiles.all(box.resolve("new")) + " tmp=" + MarkerFiles.all(box.resolve("tmp"))
                    + " listed=" + maildir.list().size() + " racing=" + maildir.deliver(KEY, unreadable()));
        })).name();
        MarkerMoves.await();

        assertThat(seen.get()).isEqualTo("[.paperpath-" + DeliveryMarkers.keyHash(KEY) + "] tmp=[] listed=0 racing="
                + new DeliveryOutcome.InProgress(".paperpath-" + DeliveryMarkers.keyHash(KEY)));
        assertThat(Files.readString(box.resolve("new").resolve(name))).isEqualTo("Subject: a\n\nbody\n");
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(name))).isTrue();
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void aDeliveryWhoseContentFailsMidwayLeavesNoMarkerAndTheKeyCanBeDeliveredAfterwards() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();

        assertThatThrownBy(() -> maildir.deliver(KEY, pausingAfter("Subject: a\r\n", "", () -> {
            throw new IOException("the spool went away");
        }))).isInstanceOf(IOException.class).hasMessage("the spool went away");

        assertThat(allIfPresent(box.resolve("new"))).isEmpty();
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
        DeliveryOutcome again = maildir.deliver(KEY, text("hello\r\n"));
        assertThat(again).isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    void aCrashDuringTheWriteLeavesAPartialMarkerThatAYoungRetryDefersAndAnOldOneReplaces() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();
        // What a crash in the middle of the write leaves: the marker, part of the message, link count 1.
        Files.writeString(pending(box, KEY), "Subject: half of it");

        assertThat(maildir.deliver(KEY, unreadable()))
                .isEqualTo(new DeliveryOutcome.InProgress(".paperpath-" + DeliveryMarkers.keyHash(KEY)));
        assertThat(maildir.list()).isEmpty();
        assertThat(maildir.deliveredName(KEY)).isEmpty();

        Files.setLastModifiedTime(pending(box, KEY),
                FileTime.from(Instant.now().minus(DeliveryMarkers.IN_PROGRESS_WINDOW.plusMinutes(1))));
        DeliveryOutcome retry = maildir.deliver(KEY, text("Subject: all of it\r\n"));
        MarkerMoves.await();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(allIfPresent(box.resolve("new"))).containsExactly(retry.name());
        assertThat(Files.readString(box.resolve("new").resolve(retry.name()))).isEqualTo("Subject: all of it\n");
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(retry.name()))).isTrue();
    }

    /** The markers of {@code key} in a new Maildir {@code box}, its in-progress marker created and closed. */
    private static DeliveryMarkers created(Path box, String key) throws IOException {
        held(box, key, System.nanoTime()).file().close();
        return new DeliveryMarkers(box, key, Clock.systemUTC());
    }

    /** An attempt's hold on the marker of {@code key} in a new Maildir {@code box}, made at {@code createdNanos}. */
    private static KeyClaim.Held held(Path box, String key, long createdNanos) throws IOException {
        Maildir.open(box, "host").create();
        DeliveryMarkers markers = new DeliveryMarkers(box, key, Clock.systemUTC());
        return new KeyClaim.Held(markers, markers.create().orElseThrow(), createdNanos);
    }

    @Test
    void aMarkerOfAFailedAttemptIsLeftForTheTakeOverOnceHalfTheWindowHasPassed() throws IOException {
        Path box = dir.resolve("box");
        long halfWindow = DeliveryMarkers.IN_PROGRESS_WINDOW.toNanos() / 2;
        KeyClaim.Held old = held(box, KEY, System.nanoTime() - halfWindow - 1);

        old.release();
        assertThat(Files.exists(pending(box, KEY), LinkOption.NOFOLLOW_LINKS)).isTrue();

        new KeyClaim.Held(old.markers(), old.file(), System.nanoTime()).release();
        assertThat(Files.exists(pending(box, KEY), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aSecondCreateOfTheSameKeyFailsWhileAnotherKeyIsFree() throws IOException {
        Path box = dir.resolve("box");
        created(box, KEY);

        assertThat(new DeliveryMarkers(box, KEY, Clock.systemUTC()).create()).isEmpty();
        assertThat(new DeliveryMarkers(box, OTHER, Clock.systemUTC()).create()).isPresent()
                .hasValueSatisfying(channel -> {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void anAttemptOlderThanItsOwnSpanDoesNotLinkByTheMarkersNameAndLeavesTheMarkerForTheTakeOver() throws IOException {
        Path box = dir.resolve("box");
        KeyClaim.Held old = held(box, KEY, System.nanoTime() - KeyClaim.OWN_MARKER_SPAN.toNanos() - 1);
        old.file().close();
        Path message = box.resolve("new").resolve("1700000000.M1P1Rtest.host,S=6,W=7");

        // By then another attempt may have taken the name over: linking it could publish that attempt's file.
        assertThatThrownBy(() -> old.linkAs(message)).isInstanceOf(IOException.class)
                .hasMessageContaining("left for a retry to take over");

        assertThat(allIfPresent(box.resolve("new"))).containsExactly(".paperpath-" + DeliveryMarkers.keyHash(KEY));
        new KeyClaim.Held(old.markers(), old.file(), System.nanoTime()).linkAs(message);
        assertThat(Files.isSameFile(message, pending(box, KEY))).isTrue();
    }

    @Test
    void aLinkThatAnswersExistsButIsOurMarkerCountsAsMadeAndAnotherFileUnderTheNameDoesNot() throws IOException {
        Path box = dir.resolve("box");
        KeyClaim.Held held = held(box, KEY, System.nanoTime());
        held.file().close();
        Path message = box.resolve("new").resolve("1700000000.M1P1Rtest.host,S=6,W=7");
        // What an NFS client sees when the reply to its LINK was lost and the retransmission finds the link made.
        Files.createLink(message, pending(box, KEY));

        held.linkAs(message);

        Path taken = box.resolve("new").resolve("1700000000.M2P1Rother.host,S=6,W=7");
        Files.writeString(taken, "other\n");
        assertThatThrownBy(() -> held.linkAs(taken))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(taken)).isEqualTo("other\n");
    }

    @Test
    void aMarkerThatLooksStaleAtFirstButFreshWhenTakenAsideIsPutBackAndTheKeyDeferred() throws IOException {
        Path box = dir.resolve("box");
        created(box, KEY);
        Object before = Files.readAttributes(pending(box, KEY), BasicFileAttributes.class).fileKey();
        // The first look sees the marker as older than the window (as an NFSv3 exclusive create's
        // verifier can make it look for one round trip); every later look sees it as it is.
        Clock firstLookLate = new Clock() {
            private int calls;

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant now = Instant.now();
                return calls++ == 0 ? now.plus(DeliveryMarkers.IN_PROGRESS_WINDOW).plusSeconds(60) : now;
            }
        };

        assertThat(new DeliveryMarkers(box, KEY, firstLookLate).earlier())
                .contains(new DeliveryOutcome.InProgress(".paperpath-" + DeliveryMarkers.keyHash(KEY)));

        assertThat(allIfPresent(box.resolve("new"))).containsExactly(".paperpath-" + DeliveryMarkers.keyHash(KEY));
        assertThat(Files.readAttributes(pending(box, KEY), BasicFileAttributes.class).fileKey())
                .isEqualTo(before);
    }

    @Test
    void aQuotaRefusalAfterTheWriteLeavesNoMarker() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host").create();

        QuotaPolicy fiveBytes = QuotaPolicy.of(5L, null, null, null);
        QuotaOutcome refused = maildir.deliver(KEY, text("a message of some size\r\n"), fiveBytes);

        assertThat(refused).isInstanceOf(QuotaOutcome.OverQuota.class);
        assertThat(allIfPresent(box.resolve("new"))).isEmpty();
        assertThat(allIfPresent(box.resolve("tmp"))).isEmpty();
    }
}
