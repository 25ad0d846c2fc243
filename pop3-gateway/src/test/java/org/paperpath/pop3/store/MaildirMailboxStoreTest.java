package org.paperpath.pop3.store;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.maildir.MailboxPaths;
import org.paperpath.maildir.FlagOutcome;
import org.paperpath.maildir.FlagUpdater;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.MaildirMessage;
import org.paperpath.maildir.MaildirSize;
import org.paperpath.maildir.MessageFlags;

class MaildirMailboxStoreTest implements MailboxStoreContract {

    private static final String LONG_HOST = "paperpath-delivery-local-7d9f8b6c4-x2k9z.mail.example.internal";

    @TempDir
    Path mailRoot;

    /** The marker moves of this test's deliveries land before its temporary directory is deleted (ADR 0003). */
    @AfterEach
    void awaitMarkerMoves() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).as("marker moves finished").isTrue();
    }

    @BeforeEach
    void deliverAlicesMail() throws IOException {
        Maildir alice = Maildir.open(MailboxPaths.resolve(mailRoot, "example.test", "alice"), LONG_HOST);
        int n = 0;
        for (String message : ALICE_MESSAGES) {
            alice.deliver("q" + n++ + "/alice@example.test",
                    new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public MailboxStore store() {
        return new MaildirMailboxStore(mailRoot, "pop3.test");
    }

    @Test
    void aUidSurvivesTheMoveToCurAndNewFlags() throws IOException {
        Path root = MailboxPaths.resolve(mailRoot, "example.test", "alice");
        List<MailboxMessage> before = store().open("example.test", "alice").list();
        try (var files = Files.list(root.resolve("new"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.move(file, root.resolve("cur").resolve(file.getFileName() + ":2,RS"));
            }
        }
        assertThat(store().open("example.test", "alice").list()).isEqualTo(before);
    }

    @Test
    void aMessageMovedAfterTheSnapshotIsStillReadAndDeleted() throws IOException {
        Path root = MailboxPaths.resolve(mailRoot, "example.test", "alice");
        Mailbox mailbox = store().open("example.test", "alice");
        MailboxMessage first = mailbox.list().get(0);
        try (var files = Files.list(root.resolve("new"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.move(file, root.resolve("cur").resolve(file.getFileName() + ":2,S"));
            }
        }
        try (var in = mailbox.open(first)) {
            assertThat(in.readAllBytes()).isEqualTo(ALICE_MESSAGES.get(0).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(mailbox.delete(first)).isTrue();
    }

    @Test
    void aMailboxCreatedAgainSeesAnEmptyMaildropAndTheOldMailIsKeptAside() throws IOException {
        String oldId = "11111111-1111-4111-8111-111111111111";
        String newId = "22222222-2222-4222-8222-222222222222";
        assertThat(store().open("example.test", "alice", oldId).list()).as("adopted at the first login with an id")
                .hasSize(ALICE_MESSAGES.size());

        assertThat(store().open("example.test", "alice", newId).list()).as("the new incarnation").isEmpty();

        Path aside = mailRoot.resolve(".deleted/example.test/alice." + oldId);
        assertThat(Maildir.open(aside, "check").list()).hasSize(ALICE_MESSAGES.size());
        assertThat(store().open("example.test", "alice", newId).list()).isEmpty();
        assertThat(store().open("example.test", "bob", newId).list()).as("no Maildir yet").isEmpty();
    }

    @Test
    void longMaildirNamesBecomeShortStableUids() {
        String name = "1764084000.M123456P4242Q1R0123456789abcdef." + LONG_HOST + ",S=1234,W=1260";
        assertThat(UniqueIds.of(name)).startsWith("~").hasSizeLessThanOrEqualTo(70).isEqualTo(UniqueIds.of(name));
        assertThat(UniqueIds.of("1700000001.M000001P100Q1.test")).isEqualTo("1700000001.M000001P100Q1.test");
    }

    @Test
    void aUidStaysTheSameAfterAFlagRenameAndAGatewayRestart() throws IOException {
        Path root = MailboxPaths.resolve(mailRoot, "example.test", "alice");
        List<MailboxMessage> before = store().open("example.test", "alice").list();
        for (MaildirMessage message : Maildir.open(root, "imap.test").list()) {
            assertThat(FlagUpdater.update(root, message.uniqueName(), f -> f.with(MessageFlags.SEEN).with('a')))
                    .isInstanceOf(FlagOutcome.Changed.class);
        }

        MailboxStore restarted = new MaildirMailboxStore(mailRoot, "another-pod");

        assertThat(restarted.open("example.test", "alice").list()).isEqualTo(before);
        try (var cur = Files.list(root.resolve("cur"))) {
            assertThat(cur.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.endsWith(":2,Sa"));
        }
    }

    @Test
    void deletingAtQuitAppendsANegativeDeltaToMaildirsize() throws IOException {
        Path root = MailboxPaths.resolve(mailRoot, "example.test", "alice");
        new MaildirSize(root, "pop3.test", Clock.systemUTC(), false).recalculate("100000S");
        Mailbox mailbox = store().open("example.test", "alice");
        MailboxMessage first = mailbox.list().get(0);
        long size = ALICE_MESSAGES.get(0).length();

        assertThat(mailbox.delete(first)).isTrue();

        assertThat(Files.readString(root.resolve(MaildirSize.FILE)))
                .isEqualTo("100000S\n" + (size + ALICE_MESSAGES.get(1).length()) + " 2\n-" + size + " -1\n");
    }
}
