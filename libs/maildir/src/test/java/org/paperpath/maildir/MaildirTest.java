package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

    @TempDir
    Path dir;

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewNameFollowsTheDesignFormatWithAnEscapedHost() throws IOException {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L), ZoneOffset.UTC);
        Maildir maildir = Maildir.open(dir.resolve("box"), "pod/a:1,b", clock).create();

        String name = maildir.deliver("Q1/alice@example.org", text("Subject: x\r\n\r\nhi\r\n")).name();
        MarkerMoves.await();

        assertThat(name).matches("1700000000\\.M123456P\\d+Q\\d+R[0-9a-f]+\\.pod\\\\057a\\\\0721\\\\054b,S=\\d+,W=\\d+");
    }

    @Test
    void crlfIsStoredAsLfAndTheSizesAreRecordedInTheName() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        String message = "Subject: hello\r\n\r\nline one\r\nline two\r\n";

        DeliveryOutcome outcome = maildir.deliver("Q1/alice@example.org", text(message));
        MarkerMoves.await();

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        Path file = dir.resolve("box/new").resolve(outcome.name());
        String stored = Files.readString(file);
        assertThat(stored).isEqualTo("Subject: hello\n\nline one\nline two\n");
        assertThat(outcome.name()).endsWith(",S=" + stored.length() + ",W=" + message.length());
    }

    @Test
    void aLoneCrIsKeptAndACrlfSplitAcrossReadsIsStillConverted() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        InputStream oneByteAtATime = new InputStream() {
            private final byte[] bytes = "a\rb\r\nc\r".getBytes(StandardCharsets.US_ASCII);
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };

        String name = maildir.deliver("k", oneByteAtATime).name();
        MarkerMoves.await();

        assertThat(Files.readString(dir.resolve("box/new").resolve(name))).isEqualTo("a\rb\nc\r");
    }

    @Test
    void aRedeliveryWithTheSameKeyLeavesExactlyOneFile() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();

        DeliveryOutcome first = maildir.deliver("Q1/alice@example.org", text("Subject: x\r\n\r\nbody\r\n"));
        MarkerMoves.await();
        DeliveryOutcome second = maildir.deliver("Q1/alice@example.org", text("Subject: x\r\n\r\nbody\r\n"));
        MarkerMoves.await();

        assertThat(second).isEqualTo(new DeliveryOutcome.AlreadyDelivered(first.name()));
        assertThat(maildir.deliveredName("Q1/alice@example.org")).contains(first.name());
        assertThat(maildir.deliveredName("Q2/alice@example.org")).isEmpty();
        assertThat(names(dir.resolve("box/new"))).containsExactly(first.name());
    }

    @Test
    void aRedeliveryFindsTheMessageAfterAReaderMovedItToCurWithFlags() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        String name = maildir.deliver("Q1/a", text("x\r\n")).name();
        MarkerMoves.await();
        Files.move(dir.resolve("box/new").resolve(name), dir.resolve("box/cur").resolve(name + ":2,S"));

        DeliveryOutcome again = maildir.deliver("Q1/a", text("x\r\n"));
        MarkerMoves.await();

        assertThat(again).isInstanceOf(DeliveryOutcome.AlreadyDelivered.class);
        assertThat(names(dir.resolve("box/new"))).isEmpty();
        assertThat(names(dir.resolve("box/cur"))).containsExactly(name + ":2,S");
    }

    @Test
    void aRetryAfterAReaderExpungedTheMessageDeliversItAgainOnce() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        String name = maildir.deliver("Q1/a", text("x\r\n")).name();
        MarkerMoves.await();
        // A reader expunged it: the completed marker is then the inode's only link.
        Files.delete(dir.resolve("box/new").resolve(name));

        DeliveryOutcome retry = maildir.deliver("Q1/a", text("x\r\n"));
        MarkerMoves.await();

        assertThat(retry).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(names(dir.resolve("box/new"))).containsExactly(retry.name());
    }

    @Test
    void workersRacingOnTheSameKeyLeaveOneFile() throws Exception {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "Q" + round + "/a";
                CountDownLatch go = new CountDownLatch(1);
                List<Future<DeliveryOutcome>> outcomes = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        return maildir.deliver(key, text("same message\r\n"));
                    }));
                }
                go.countDown();
                Set<String> names = new HashSet<>();
                int delivered = 0;
                for (Future<DeliveryOutcome> outcome : outcomes) {
                    DeliveryOutcome o = outcome.get();
                    if (o instanceof DeliveryOutcome.Delivered) {
                        delivered++;
                    }
                    // The losers answer AlreadyDelivered, or InProgress (nothing left) while the winner works.
                    if (!(o instanceof DeliveryOutcome.InProgress)) {
                        names.add(o.name());
                    }
                }
                assertThat(delivered).as("round %d", round).isEqualTo(1);
                assertThat(names).as("round %d", round).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        MarkerMoves.await();
        assertThat(names(dir.resolve("box/new"))).hasSize(20);
        assertThat(names(dir.resolve("box/tmp"))).isEmpty();
    }

    @Test
    void differentKeysGiveDifferentMessages() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();

        maildir.deliver("Q1/a", text("x\r\n"));
        MarkerMoves.await();
        maildir.deliver("Q2/a", text("x\r\n"));
        MarkerMoves.await();

        assertThat(names(dir.resolve("box/new"))).hasSize(2);
    }

    @Test
    void noTmpResidueAndNoDotNamesAfterDelivery() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host");

        maildir.deliver("Q1/a", text("x\r\n"));
        MarkerMoves.await();

        assertThat(names(dir.resolve("box/tmp"))).isEmpty();
        assertThat(names(dir.resolve("box"))).containsExactlyInAnyOrder("cur", "new", "tmp", Maildir.DELIVERIES_DIR);
    }

    @Test
    void listReturnsNewAndCurInDeliveryOrderWithCrlfSizes() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        String first = maildir.deliver("Q1/a", text("one\r\n")).name();
        MarkerMoves.await();
        String second = maildir.deliver("Q2/a", text("two two\r\n")).name();
        MarkerMoves.await();
        Files.move(dir.resolve("box/new").resolve(first), dir.resolve("box/cur").resolve(first + ":2,S"));
        Files.writeString(dir.resolve("box/new/foreign"), "a\nb\n");
        Files.setLastModifiedTime(dir.resolve("box/new/foreign"), FileTime.fromMillis(0));

        List<MaildirMessage> messages = maildir.list();

        assertThat(messages).extracting(MaildirMessage::uniqueName).containsExactly("foreign", first, second);
        assertThat(messages).extracting(MaildirMessage::crlfSize).containsExactly(6L, 5L, 9L);
    }

    @Test
    void openAndDeleteFollowAMessageThatMovedToCur() throws IOException {
        Maildir maildir = Maildir.open(dir.resolve("box"), "host").create();
        String name = maildir.deliver("Q1/a", text("hello\r\n")).name();
        MarkerMoves.await();
        MaildirMessage listed = maildir.list().get(0);
        Files.move(dir.resolve("box/new").resolve(name), dir.resolve("box/cur").resolve(name + ":2,RS"));

        try (InputStream in = maildir.open(listed)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        }
        assertThat(maildir.delete(listed)).isTrue();
        assertThat(maildir.delete(listed)).isFalse();
        assertThat(maildir.list()).isEmpty();
    }

    @Test
    void aMissingMaildirListsAsEmpty() throws IOException {
        assertThat(Maildir.open(dir.resolve("nothing"), "host").list()).isEmpty();
    }
}
