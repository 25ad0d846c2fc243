package org.paperpath.smtp.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.MailboxEntry;

class MaildirQuotaCheckTest {

    @TempDir
    Path mailRoot;

    @Test
    void aMailboxWithoutLimitsIsNeverFull() throws IOException {
        maildirsize("alice", "1000S\n5000 10\n");
        assertThat(check().isFull(mailbox("alice", null, null), -1)).isFalse();
    }

    @Test
    void usageAtTheByteQuotaIsFullAndUnderItIsNot() throws IOException {
        maildirsize("alice", "1000S\n600 2\n400 1\n");
        assertThat(check().isFull(mailbox("alice", 1000L, null), -1)).isTrue();
        assertThat(check().isFull(mailbox("alice", 1001L, null), -1)).isFalse();
    }

    @Test
    void aDeclaredSizeCountsAgainstTheQuota() throws IOException {
        maildirsize("alice", "1000S\n400 1\n");
        assertThat(check().isFull(mailbox("alice", 1000L, null), 600)).isFalse();
        assertThat(check().isFull(mailbox("alice", 1000L, null), 601)).isTrue();
    }

    @Test
    void theMessageCountLimitApplies() throws IOException {
        maildirsize("alice", "0S,3C\n30 2\n10 1\n");
        assertThat(check().isFull(mailbox("alice", null, 3L), -1)).isTrue();
        assertThat(check().isFull(mailbox("alice", null, 4L), -1)).isFalse();
    }

    @Test
    void negativeDeltaLinesAreSummedLikeAnyOther() throws IOException {
        maildirsize("alice", "1000S\n1000 3\n-500 -1\n");
        assertThat(check().isFull(mailbox("alice", 1000L, null), -1)).isFalse();
    }

    @Test
    void aMissingOrMalformedFileIsNotFullAndNothingIsRecalculated() throws IOException {
        Path alice = Files.createDirectories(mailRoot.resolve("example.test/alice/cur"));
        Files.writeString(alice.resolve("1.M1P1.host,S=5000:2,S"), "x".repeat(10));
        assertThat(check().isFull(mailbox("alice", 1000L, null), -1)).isFalse();
        assertThat(mailRoot.resolve("example.test/alice/maildirsize")).doesNotExist();

        maildirsize("alice", "1000S\nnot numbers\n");
        assertThat(check().isFull(mailbox("alice", 1000L, null), -1)).isFalse();
    }

    @Test
    void aFileDueForRecalculationIsOnlyRead() throws IOException {
        String big = "1000S\n" + "1 0\n".repeat(2000) + "2000 1\n";
        Path file = maildirsize("alice", big);
        try (Stream<Path> before = Files.list(file.getParent())) {
            assertThat(before).hasSize(1);
        }
        assertThat(check().isFull(mailbox("alice", 1000L, null), -1)).isTrue();
        assertThat(Files.readString(file)).isEqualTo(big);
        try (Stream<Path> after = Files.list(file.getParent())) {
            assertThat(after).hasSize(1);
        }
    }

    @Test
    void aMailboxNameThatIsNoSafePathIsNotFull() {
        assertThat(check().isFull(new MailboxEntry("..@example.test", "example.test", "..", true, 1L, null, null,
                null), -1)).isFalse();
    }

    @Test
    void aMaildirOfADeletedIncarnationIsNotTheNewMailboxsUsageAndIsNeverMoved() throws IOException {
        String oldId = "11111111-1111-4111-8111-111111111111";
        String newId = "22222222-2222-4222-8222-222222222222";
        Path file = maildirsize("erin", "1000S\n1000 3\n");
        Files.writeString(file.resolveSibling("paperpath-mailbox-id"), oldId + "\n");

        assertThat(check().isFull(withId("erin", 1000L, newId), -1)).as("another incarnation's Maildir").isFalse();
        assertThat(check().isFull(withId("erin", 1000L, oldId), -1)).as("its own Maildir").isTrue();
        assertThat(check().isFull(withId("erin", 1000L, null), -1)).as("no id published: unchecked").isTrue();
        assertThat(file).exists();
        assertThat(mailRoot.resolve(".deleted")).doesNotExist();

        Files.delete(file.resolveSibling("paperpath-mailbox-id"));
        assertThat(check().isFull(withId("erin", 1000L, newId), -1)).as("a Maildir without a marker is adopted")
                .isTrue();
        assertThat(file.resolveSibling("paperpath-mailbox-id")).as("and only read").doesNotExist();
    }

    private static MailboxEntry withId(String user, Long quotaBytes, String id) {
        return new MailboxEntry(user + "@example.test", "example.test", user, true, quotaBytes, null, null, null,
                List.of(), true, null, id);
    }

    private MaildirQuotaCheck check() {
        return new MaildirQuotaCheck(mailRoot);
    }

    private Path maildirsize(String user, String content) throws IOException {
        Path mailbox = Files.createDirectories(mailRoot.resolve("example.test").resolve(user));
        return Files.writeString(mailbox.resolve("maildirsize"), content, StandardCharsets.US_ASCII);
    }

    private static MailboxEntry mailbox(String user, Long quotaBytes, Long maxMessages) {
        return new MailboxEntry(user + "@example.test", "example.test", user, true, quotaBytes, null, maxMessages,
                null);
    }
}
