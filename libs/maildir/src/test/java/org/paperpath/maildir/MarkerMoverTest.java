package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperpath.maildir.MarkerFiles.all;
import static org.paperpath.maildir.MarkerFiles.done;
import static org.paperpath.maildir.MarkerFiles.nlink;
import static org.paperpath.maildir.MarkerFiles.pending;
import static org.paperpath.maildir.MarkerFiles.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker's move to {@code paperpath-deliveries/} after the delivery returned (ADR 0003): the
 * state between the return and the move is the one a crash before the move leaves, and answers a
 * retry the same way; a mover that cannot take the move leaves it to the delivery; the mover never
 * moves a marker that is no longer a link to its own delivery's message.
 */
class MarkerMoverTest {

    private static final String KEY = "Q1 a@example.org";

    @TempDir
    Path dir;

    @Test
    void aStoppedMoverLeavesTheMoveToTheDeliveryItself() throws IOException {
        Path box = dir.resolve("box");
        MarkerMover mover = new MarkerMover("test-mover", false);
        mover.stop();

        String name = Maildir.open(box, "host", mover).deliver(KEY, text("hello\r\n")).name();

        assertThat(all(box.resolve("new"))).containsExactly(name);
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(name))).isTrue();
    }

    @Test
    void beforeTheMoveARetryIsAlreadyDeliveredWritesNothingAndReadersSeeOneMessage() throws IOException {
        Path box = dir.resolve("box");
        MarkerMover mover = MarkerMover.paused("test-mover");
        Maildir maildir = Maildir.open(box, "host", mover);

        String name = maildir.deliver(KEY, text("hello\r\n")).name();

        assertThat(all(box.resolve("new"))).containsExactly(pending(box, KEY).getFileName().toString(), name);
        assertThat(Files.isSameFile(pending(box, KEY), box.resolve("new").resolve(name))).isTrue();
        assertThat(done(box, KEY)).doesNotExist();
        assertThat(maildir.deliver(KEY, text("hello\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(maildir.deliver(KEY, text("hello\r\n"), QuotaPolicy.NONE))
                .isEqualTo(new QuotaOutcome.Delivered(new DeliveryOutcome.AlreadyDelivered(name)));
        assertThat(maildir.deliveredName(KEY)).contains(name);
        assertThat(maildir.list()).extracting(MaildirMessage::uniqueName).containsExactly(name);
        assertThat(all(box.resolve("tmp"))).isEmpty();

        mover.resume();
        assertThat(mover.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(all(box.resolve("new"))).containsExactly(name);
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(name))).isTrue();
        assertThat(maildir.deliver(KEY, text("hello\r\n"))).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
    }

    @Test
    void aMessageExpungedBeforeTheMoveDefersTheRetryUntilTheMoveThenIsDeliveredAgainOnce() throws IOException {
        Path box = dir.resolve("box");
        MarkerMover mover = MarkerMover.paused("test-mover");
        Maildir maildir = Maildir.open(box, "host", mover);
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        Files.delete(box.resolve("new").resolve(name));

        DeliveryOutcome early = maildir.deliver(KEY, text("hello\r\n"));

        assertThat(early).isInstanceOf(DeliveryOutcome.InProgress.class);
        assertThat(all(box.resolve("new"))).containsExactly(pending(box, KEY).getFileName().toString());
        assertThat(all(box.resolve("tmp"))).isEmpty();

        mover.resume();
        assertThat(mover.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(nlink(done(box, KEY))).isEqualTo(1);
        DeliveryOutcome retry = maildir.deliver(KEY, text("hello\r\n"));
        assertThat(mover.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(all(box.resolve("new"))).containsExactly(retry.name());
        assertThat(Files.isSameFile(done(box, KEY), box.resolve("new").resolve(retry.name()))).isTrue();
    }

    @Test
    void theMoverLeavesAMarkerThatIsNoLongerALinkToItsDeliverysMessage() throws IOException {
        Path box = dir.resolve("box");
        MarkerMover mover = MarkerMover.paused("test-mover");
        Maildir maildir = Maildir.open(box, "host", mover);
        String name = maildir.deliver(KEY, text("hello\r\n")).name();
        // As if another attempt's marker had taken the name meanwhile.
        Path other = Files.writeString(box.resolve("tmp").resolve("other-attempt"), "hello\n");
        Files.delete(pending(box, KEY));
        Files.createLink(pending(box, KEY), other);

        mover.resume();
        assertThat(mover.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.isSameFile(pending(box, KEY), other)).isTrue();
        assertThat(done(box, KEY)).doesNotExist();
        assertThat(all(box.resolve("new"))).containsExactly(pending(box, KEY).getFileName().toString(), name);
    }

    @Test
    void stoppingMakesTheQueuedMovesAndLaterDeliveriesMoveTheirOwn() throws IOException {
        Path box = dir.resolve("box");
        MarkerMover mover = MarkerMover.paused("test-mover");
        Maildir maildir = Maildir.open(box, "host", mover);
        String first = maildir.deliver("k1", text("one\r\n")).name();
        String second = maildir.deliver("k2", text("two\r\n")).name();
        assertThat(all(box.resolve("new"))).hasSize(4);

        mover.stop();

        assertThat(mover.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(all(box.resolve("new"))).containsExactly(first, second);
        assertThat(Files.isSameFile(done(box, "k1"), box.resolve("new").resolve(first))).isTrue();
        assertThat(Files.isSameFile(done(box, "k2"), box.resolve("new").resolve(second))).isTrue();
        String third = maildir.deliver("k3", text("three\r\n")).name();
        assertThat(all(box.resolve("new"))).containsExactly(first, second, third);
        assertThat(Files.isSameFile(done(box, "k3"), box.resolve("new").resolve(third))).isTrue();
    }

    @Test
    void theSharedMoverMovesEveryMarkerOfManyDeliveries() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        for (int i = 0; i < 200; i++) {
            maildir.deliver("k" + i, text("m" + i + "\r\n"));
        }

        MarkerMoves.await();

        assertThat(all(box.resolve("new"))).hasSize(200).noneMatch(n -> n.startsWith("."));
        assertThat(all(box.resolve(Maildir.DELIVERIES_DIR))).hasSize(201);
        for (int i = 0; i < 200; i++) {
            assertThat(nlink(done(box, "k" + i))).isEqualTo(2);
        }
    }
}
