package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maildir++ {@code maildirsize} and vmailmgr's limits at delivery, checked byte for byte on disk. */
class MaildirQuotaTest {

    @TempDir
    Path dir;

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream("a".repeat(n).getBytes(StandardCharsets.US_ASCII));
    }

    private Maildir inbox() throws IOException {
        return Maildir.open(dir.resolve("box"), "host").create();
    }

    private String maildirsize() throws IOException {
        return Files.readString(dir.resolve("box/maildirsize"), StandardCharsets.US_ASCII);
    }

    private List<String> files(String sub) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("box").resolve(sub))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static QuotaPolicy hard(long bytes, long messages) {
        return new QuotaPolicy(bytes, messages, 0, QuotaPolicy.DEFAULT_SMALL_MESSAGE_BYTES, 0, false);
    }

    @Test
    void theFirstDeliveryWritesTheLimitsLineTheTotalAndItsOwnDelta() throws IOException {
        QuotaOutcome outcome = inbox().deliver("q1", bytes(100), hard(1000, 10));
        MarkerMoves.await();

        assertThat(outcome).isInstanceOf(QuotaOutcome.Delivered.class);
        assertThat(maildirsize()).isEqualTo("1000S,10C\n0 0\n100 1\n");
    }

    @Test
    void laterDeliveriesAppendOneDeltaLineEach() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        inbox.deliver("q2", bytes(250), hard(1000, 0));
        MarkerMoves.await();
        inbox.deliver("q2", bytes(250), hard(1000, 0));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("1000S\n0 0\n100 1\n250 1\n");
    }

    @Test
    void withoutLimitsTheLimitsLineIsEmptyAsDovecotWritesIt() throws IOException {
        inbox().deliver("q1", bytes(7), QuotaPolicy.NONE);
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("\n0 0\n7 1\n");
    }

    @Test
    void aMessageOverTheByteQuotaIsRefusedAndLeavesNothingBehind() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(600), hard(1000, 0));
        MarkerMoves.await();

        QuotaOutcome outcome = inbox.deliver("q2", bytes(401), hard(1000, 0));
        MarkerMoves.await();

        assertThat(outcome).isInstanceOf(QuotaOutcome.OverQuota.class);
        assertThat(((QuotaOutcome.OverQuota) outcome).usage()).isEqualTo(new QuotaUsage(600, 1));
        assertThat(files("new")).hasSize(1);
        assertThat(files("tmp")).isEmpty();
        assertThat(maildirsize()).isEqualTo("1000S\n0 0\n600 1\n");
        assertThat(inbox.deliver("q3", bytes(400), hard(1000, 0))).isInstanceOf(QuotaOutcome.Delivered.class);
    }

    @Test
    void aRetryOfADeliveredKeyIsAlreadyDeliveredEvenWhenItsOwnDeliveryFilledTheQuota() throws IOException {
        Maildir inbox = inbox();
        String name = ((QuotaOutcome.Delivered) inbox.deliver("q1", bytes(600), hard(1000, 0))).delivery().name();
        MarkerMoves.await();
        inbox.deliver("q2", bytes(400), hard(1000, 0));
        MarkerMoves.await();

        // The marker is looked at before the quota: a full mailbox must not refuse (bounce) a delivered key.
        QuotaOutcome retry = inbox.deliver("q1", bytes(600), hard(1000, 0));
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new QuotaOutcome.Delivered(new DeliveryOutcome.AlreadyDelivered(name)));
        assertThat(files("new")).hasSize(2);
        assertThat(files("tmp")).isEmpty();
        assertThat(maildirsize()).isEqualTo("1000S\n0 0\n600 1\n400 1\n");
    }

    @Test
    void aRetryOfADeliveredKeyOverTheSoftQuotaIsAlreadyDeliveredWithoutAWarning() throws IOException {
        Maildir inbox = inbox();
        QuotaPolicy soft = new QuotaPolicy(0, 0, 1000, 100, 0, false);
        String name = ((QuotaOutcome.Delivered) inbox.deliver("q1", bytes(900), soft)).delivery().name();
        MarkerMoves.await();

        QuotaOutcome retry = inbox.deliver("q1", bytes(900), soft);
        MarkerMoves.await();

        assertThat(retry).isEqualTo(new QuotaOutcome.Delivered(new DeliveryOutcome.AlreadyDelivered(name)));
        assertThat(warnings(inbox)).isEmpty();
        assertThat(files("new")).containsExactly(name);
        assertThat(files("tmp")).isEmpty();
    }

    @Test
    void theMessageCountLimitRefusesOneMessageTooMany() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(1), hard(0, 2));
        MarkerMoves.await();
        inbox.deliver("q2", bytes(1), hard(0, 2));
        MarkerMoves.await();

        QuotaOutcome outcome = inbox.deliver("q3", bytes(1), hard(0, 2));
        MarkerMoves.await();

        assertThat(outcome).isInstanceOf(QuotaOutcome.OverQuota.class);
        assertThat(((QuotaOutcome.OverQuota) outcome).reason()).contains("2 messages");
        assertThat(files("new")).hasSize(2);
    }

    @Test
    void aMessageOverThePerMessageLimitIsTooBigWhateverTheQuota() throws IOException {
        QuotaOutcome outcome = inbox().deliver("q1", bytes(11), new QuotaPolicy(0, 0, 0, 2048, 10, false));
        MarkerMoves.await();

        assertThat(outcome).isEqualTo(new QuotaOutcome.TooBig(11, 10));
        assertThat(files("new")).isEmpty();
        assertThat(files("tmp")).isEmpty();
    }

    @Test
    void aFileOf5120BytesOrMoreIsRecalculatedBeforeTheDelta() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        StringBuilder bloated = new StringBuilder("1000S\n100 1\n");
        while (bloated.length() < MaildirSize.RECALCULATE_AT_BYTES) {
            bloated.append("5 1\n-5 -1\n");
        }
        Files.writeString(dir.resolve("box/maildirsize"), bloated);

        inbox.deliver("q2", bytes(20), hard(1000, 0));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("1000S\n100 1\n20 1\n");
    }

    @Test
    void aFileJustUnder5120BytesIsAppendedTo() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        StringBuilder text = new StringBuilder("1000S\n100 1\n");
        text.append("0 0\n".repeat((MaildirSize.RECALCULATE_AT_BYTES - 1 - text.length()) / 4));
        Files.writeString(dir.resolve("box/maildirsize"), text);

        inbox.deliver("q2", bytes(20), hard(1000, 0));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo(text + "20 1\n");
    }

    @Test
    void newLimitsRewriteTheLimitsLine() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();

        inbox.deliver("q2", bytes(20), hard(5000, 50));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("5000S,50C\n100 1\n20 1\n");
    }

    @Test
    void readersSplitOnAnyWhitespace() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        Files.writeString(dir.resolve("box/maildirsize"), "1000S\n  100\t1\n950   1 \n");

        assertThat(inbox.deliver("q2", bytes(1), hard(1000, 0))).isInstanceOf(QuotaOutcome.OverQuota.class);
    }

    @Test
    void aFreshOverQuotaAnswerIsTrustedButAStaleOneIsRecalculated() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        Path file = dir.resolve("box/maildirsize");
        Files.writeString(file, "1000S\n100 1\n900 1\n");

        assertThat(inbox.deliver("q2", bytes(50), hard(1000, 0))).isInstanceOf(QuotaOutcome.OverQuota.class);

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(MaildirSize.STALE).minusSeconds(60)));
        assertThat(inbox.deliver("q2", bytes(50), hard(1000, 0))).isInstanceOf(QuotaOutcome.Delivered.class);
        assertThat(maildirsize()).isEqualTo("1000S\n100 1\n50 1\n");
    }

    @Test
    void aMissingFileIsRecalculatedFromTheSizesInTheNamesWithoutTrash() throws IOException {
        Path box = dir.resolve("box");
        inbox();
        Files.writeString(box.resolve("cur/1700000000.M1P1Q1.host,S=500,W=510:2,S"), "x");
        Files.createDirectories(box.resolve(".Sent/cur"));
        Files.createDirectories(box.resolve(".Sent/new"));
        Files.writeString(box.resolve(".Sent/new/1700000000.M2P1Q1.host,S=300,W=310"), "y");
        Files.createDirectories(box.resolve(".Trash/cur"));
        Files.writeString(box.resolve(".Trash/cur/1700000000.M3P1Q1.host,S=7000:2,ST"), "z");
        Files.writeString(box.resolve("cur/foreign-name-without-size"), "four");

        Maildir.open(box, "host").deliver("q1", bytes(10), hard(100000, 0));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("100000S\n804 3\n10 1\n");
    }

    @Test
    void trashIsCountedWhenThePolicySaysSo() throws IOException {
        Path box = dir.resolve("box");
        inbox();
        Files.createDirectories(box.resolve(".Trash/cur"));
        Files.writeString(box.resolve(".Trash/cur/1700000000.M3P1Q1.host,S=7000:2,ST"), "z");

        inbox().deliver("q1", bytes(10), hard(100000, 0).withTrashCounted(true));
        MarkerMoves.await();

        assertThat(maildirsize()).isEqualTo("100000S\n7000 1\n10 1\n");
    }

    @Test
    void deletingAMessageAppendsANegativeDelta() throws IOException {
        Maildir inbox = inbox();
        inbox.deliver("q1", bytes(100), hard(1000, 0));
        MarkerMoves.await();
        inbox.deliver("q2", bytes(30), hard(1000, 0));
        MarkerMoves.await();

        assertThat(inbox.delete(inbox.list().get(0))).isTrue();

        assertThat(maildirsize()).isEqualTo("1000S\n0 0\n100 1\n30 1\n-100 -1\n");
    }

    @Test
    void overTheSoftQuotaOnlySmallMessagesPassAndOneWarningIsDelivered() throws IOException {
        Maildir inbox = inbox();
        QuotaPolicy soft = new QuotaPolicy(100_000, 0, 1000, 100, 0, false);
        assertThat(inbox.deliver("q1", bytes(900), soft)).isInstanceOf(QuotaOutcome.Delivered.class);

        QuotaOutcome big = inbox.deliver("q2", bytes(200), soft);
        MarkerMoves.await();
        QuotaOutcome small = inbox.deliver("q3", bytes(99), soft);
        MarkerMoves.await();
        QuotaOutcome bigAgain = inbox.deliver("q4", bytes(200), soft);
        MarkerMoves.await();

        assertThat(big).isInstanceOf(QuotaOutcome.OverQuota.class);
        assertThat(((QuotaOutcome.OverQuota) big).reason()).contains("soft quota");
        assertThat(small).isInstanceOf(QuotaOutcome.Delivered.class);
        assertThat(bigAgain).isInstanceOf(QuotaOutcome.OverQuota.class);
        List<String> warnings = warnings(inbox);
        assertThat(warnings).hasSize(1);
        assertThat(files("new")).hasSize(3);
        long warningSize = MaildirNames.size(warnings.get(0)).getAsLong();
        assertThat(maildirsize()).isEqualTo("100000S\n0 0\n900 1\n" + warningSize + " 1\n99 1\n");
    }

    @Test
    void theWarningIsGivenAgainOnlyAfterTheMailboxWentBackUnderTheSoftQuota() throws IOException {
        Maildir inbox = inbox();
        QuotaPolicy soft = new QuotaPolicy(0, 0, 1000, 100, 0, false);
        inbox.deliver("q1", bytes(900), soft);
        MarkerMoves.await();
        inbox.deliver("q2", bytes(200), soft);
        MarkerMoves.await();
        for (MaildirMessage message : inbox.list()) {
            inbox.delete(message);
        }
        inbox.deliver("q3", bytes(10), soft);
        MarkerMoves.await();
        inbox.deliver("q4", bytes(995), soft);
        MarkerMoves.await();

        assertThat(warnings(inbox)).hasSize(1);
    }

    private static List<String> warnings(Maildir inbox) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (MaildirMessage message : inbox.list()) {
            try (InputStream in = inbox.open(message)) {
                if (new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("Subject: Your mailbox is full")) {
                    out.add(message.path().getFileName().toString());
                }
            }
        }
        return out;
    }

    @Test
    void staleTmpFilesAreSweptInTheInboxAndItsFoldersButFreshOnesStay() throws IOException {
        Path box = inbox().root();
        Files.createDirectories(box.resolve(".Sent/tmp"));
        Path old = Files.writeString(box.resolve("tmp/old"), "x");
        Path oldInFolder = Files.writeString(box.resolve(".Sent/tmp/old"), "x");
        Path fresh = Files.writeString(box.resolve("tmp/fresh"), "x");
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofHours(48)));
        Files.setLastModifiedTime(old, twoDaysAgo);
        Files.setLastModifiedTime(oldInFolder, twoDaysAgo);
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofHours(35))));

        int removed = Maildir.open(box, "host").sweepTmp(Maildir.TMP_MAX_AGE);

        assertThat(removed).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(oldInFolder).doesNotExist();
        assertThat(fresh).exists();
    }
}
