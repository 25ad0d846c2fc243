package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.QuotaPolicy;
import org.paperpath.model.QueueId;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.DeliveryResult.Outcome;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;

class LocalDelivererTest {

    @TempDir
    Path data;

    private Spool spool;
    private LocalDeliverer deliverer;

    @BeforeEach
    void setUp() throws IOException {
        spool = new Spool(data.resolve("spool"));
        deliverer = new LocalDeliverer(data.resolve("mail"), "node1", spool, DeliveryObserver.NONE, Clock.systemUTC());
    }

    private LocalDelivery spooled(String body, String recipient, String mailbox) throws IOException {
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(body.getBytes(StandardCharsets.UTF_8));
            ref = writer.commit();
        }
        return new LocalDelivery(LocalDelivery.VERSION, id.value(), recipient, mailbox, "bob@remote.net", ref,
                Instant.now(), 1);
    }

    /**
     * A delivery leaves its marker's move out of new/ to a background thread (libs/maildir, ADR 0003):
     * wait for it before looking at the files, and before the temporary directory is removed.
     */
    @AfterEach
    void markersMoved() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).isTrue();
    }

    private List<Path> inbox(String domain, String local) throws IOException {
        markersMoved();
        Path dir = data.resolve("mail").resolve(domain).resolve(local).resolve("new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aMessageIsWrittenWithReturnPathThenDeliveredToBeforeTheReceivedField() throws IOException {
        LocalDelivery d = spooled("Received: from x\r\nSubject: hi\r\n\r\nbody\r\n", "Alice@example.org",
                "alice@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.queueId()).isEqualTo(d.queueId());
        assertThat(result.recipient()).isEqualTo("Alice@example.org");
        List<Path> files = inbox("example.org", "alice");
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).isEqualTo(
                "Return-Path: <bob@remote.net>\nDelivered-To: Alice@example.org\nReceived: from x\nSubject: hi\n\nbody\n");
    }

    @Test
    void theSameDeliveryTwiceLeavesOneFileEvenAfterTheSpoolBodyIsGone() throws IOException {
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");

        assertThat(deliverer.deliver(d).outcome()).isEqualTo(Outcome.DELIVERED);
        spool.delete(d.spoolRef());
        DeliveryResult again = deliverer.deliver(d);

        assertThat(again.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(again.detail()).startsWith("already delivered");
        assertThat(inbox("example.org", "alice")).hasSize(1);
    }

    @Test
    void aDeliveryOfTheSameKeyInProgressElsewhereIsDeferredAndWritesNothing() throws Exception {
        deliverer.deliver(spooled("Received: x\r\n\r\nfirst\r\n", "alice@example.org", "alice@example.org"));
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");
        Path maildir = data.resolve("mail").resolve("example.org").resolve("alice");
        // Another node's attempt of the same queue id + recipient: its fsynced tmp/ file linked as the marker in new/.
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((d.queueId() + " " + d.recipient()).getBytes(StandardCharsets.UTF_8)));
        Path tmp = maildir.resolve("tmp").resolve("1700000000.M1P1Q1R" + hash.substring(0, 16) + ".other-node");
        Files.writeString(tmp, "body\n");
        Files.createLink(maildir.resolve("new").resolve(".paperpath-" + hash), tmp);

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(result.detail()).contains("in progress elsewhere");
        assertThat(inbox("example.org", "alice")).filteredOn(p -> !p.getFileName().toString().startsWith(".")).hasSize(1);
    }

    @Test
    void aMessageThatWasHereBeforeFailsAsALoopAndIsNotWritten() throws IOException {
        LocalDelivery d = spooled("Received: x\r\nDelivered-To: alice@example.org\r\n\r\nbody\r\n", "alice@example.org",
                "alice@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).contains("loop detected");
        assertThat(inbox("example.org", "alice")).isEmpty();
    }

    @Test
    void aMissingSpoolBodyFails() throws IOException {
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");
        spool.delete(d.spoolRef());

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("spool body missing");
    }

    @Test
    void aHostileMailboxKeyFailsAndTouchesNothingOutsideTheMailRoot() throws IOException {
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "x@example.org", "../../etc@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Files.exists(data.resolve("etc"))).isFalse();
    }

    @Test
    void anUnwritableMailRootDefers() throws IOException {
        Files.writeString(data.resolve("mail"), "a file where the mail root should be");
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.DEFERRED);
    }

    private LocalDeliverer limited(QuotaPolicy policy, OverQuotaAction action) {
        MailboxLimits limits = new MailboxLimits() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public QuotaPolicy policyFor(String mailbox) {
                return policy;
            }
        };
        return new LocalDeliverer(data.resolve("mail"), "node1", spool, DeliveryObserver.NONE, Clock.systemUTC(),
                limits, action);
    }

    private String maildirsize() throws IOException {
        return Files.readString(data.resolve("mail/example.org/alice/maildirsize"));
    }

    @Test
    void everyDeliveryIsAddedToMaildirsize() throws IOException {
        LocalDeliverer deliverer = limited(new QuotaPolicy(10_000, 100, 0, 2048, 0, false), OverQuotaAction.DEFER);
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");

        assertThat(deliverer.deliver(d).outcome()).isEqualTo(Outcome.DELIVERED);

        long size = Files.size(inbox("example.org", "alice").get(0));
        assertThat(maildirsize()).isEqualTo("10000S,100C\n0 0\n" + size + " 1\n");
    }

    @Test
    void aFullMailboxIsDeferredWith422AndNothingIsWritten() throws IOException {
        LocalDeliverer deliverer = limited(new QuotaPolicy(20, 0, 0, 2048, 0, false), OverQuotaAction.DEFER);
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(result.detail()).startsWith("4.2.2 mailbox full");
        assertThat(inbox("example.org", "alice")).isEmpty();
        assertThat(maildirsize()).isEqualTo("20S\n0 0\n");
    }

    @Test
    void aFullMailboxFailsWith522WhenSoConfigured() throws IOException {
        LocalDeliverer deliverer = limited(new QuotaPolicy(0, 1, 0, 2048, 0, false), OverQuotaAction.FAIL);
        deliverer.deliver(spooled("Received: x\r\n\r\none\r\n", "alice@example.org", "alice@example.org"));

        DeliveryResult result = deliverer.deliver(
                spooled("Received: x\r\n\r\ntwo\r\n", "alice@example.org", "alice@example.org"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).startsWith("5.2.2 mailbox full").contains("1 messages");
        assertThat(inbox("example.org", "alice")).hasSize(1);
    }

    @Test
    void aMessageOverTheSizeLimitFailsWith523() throws IOException {
        LocalDeliverer deliverer = limited(new QuotaPolicy(0, 0, 0, 2048, 10, false), OverQuotaAction.DEFER);
        LocalDelivery d = spooled("Received: x\r\n\r\nbody\r\n", "alice@example.org", "alice@example.org");

        DeliveryResult result = deliverer.deliver(d);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).startsWith("5.2.3");
        assertThat(inbox("example.org", "alice")).isEmpty();
    }

    @Test
    void aMailboxCreatedAgainStartsEmptyAndTheDeletedOnesMaildirIsKeptAside() throws IOException {
        String oldId = "11111111-1111-4111-8111-111111111111";
        String newId = "22222222-2222-4222-8222-222222222222";
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.apply("mailbox:erin@example.org", new DirectoryEvent.MailboxUpserted(1, "erin@example.org",
                "example.org", "erin", true, null, null, null, null, List.of(), null, null, oldId));
        directory.markCaughtUp();
        LocalDeliverer withIds = new LocalDeliverer(data.resolve("mail"), "node1", spool, DeliveryObserver.NONE,
                Clock.systemUTC(), MailboxLimits.of(directory, 512, true), OverQuotaAction.DEFER,
                MailboxIncarnations.of(directory));
        assertThat(withIds.deliver(spooled("Subject: secret for erin\r\n\r\nold\r\n", "erin@example.org",
                "erin@example.org")).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(Files.readString(data.resolve("mail/example.org/erin/paperpath-mailbox-id")).strip()).isEqualTo(oldId);
        markersMoved();

        // DELETE and POST again: the directory's tombstone, then the new incarnation.
        directory.apply("mailbox:erin@example.org", null);
        directory.apply("mailbox:erin@example.org", new DirectoryEvent.MailboxUpserted(1, "erin@example.org",
                "example.org", "erin", true, null, null, null, null, List.of(), null, null, newId));
        DeliveryResult result = withIds.deliver(spooled("Subject: hello new erin\r\n\r\nnew\r\n", "erin@example.org",
                "erin@example.org"));

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        List<Path> files = inbox("example.org", "erin");
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).contains("hello new erin").doesNotContain("secret");
        assertThat(Files.readAllLines(data.resolve("mail/example.org/erin/paperpath-mailbox-id")).get(0)).isEqualTo(newId);
        // A replica whose directory view has not seen the deletion yet defers instead of moving the new Maildir.
        InMemoryDirectory lagging = new InMemoryDirectory();
        lagging.apply("mailbox:erin@example.org", new DirectoryEvent.MailboxUpserted(1, "erin@example.org",
                "example.org", "erin", true, null, null, null, null, List.of(), null, null, oldId));
        LocalDeliverer behind = new LocalDeliverer(data.resolve("mail"), "node2", spool, DeliveryObserver.NONE,
                Clock.systemUTC(), MailboxLimits.NONE, OverQuotaAction.DEFER, MailboxIncarnations.of(lagging));
        assertThat(behind.deliver(spooled("Subject: late\r\n\r\nlate\r\n", "erin@example.org", "erin@example.org"))
                .outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(inbox("example.org", "erin")).isEqualTo(files);
        Path aside = data.resolve("mail/.deleted/example.org/erin." + oldId + "/new");
        try (Stream<Path> old = Files.list(aside)) {
            assertThat(old.toList()).singleElement().satisfies(f -> assertThat(Files.readString(f)).contains("secret for erin"));
        }
    }

    @Test
    void limitsComeFromTheDirectoryEntry() {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.apply("mailbox:alice@example.org", new DirectoryEvent.MailboxUpserted(1, "alice@example.org",
                "example.org", "alice", true, 5000L, 4000L, 100L, 1000L));
        MailboxLimits limits = MailboxLimits.of(directory, 512, true);

        assertThat(limits.isReady()).isFalse();
        directory.markCaughtUp();
        assertThat(limits.isReady()).isTrue();
        assertThat(limits.policyFor("alice@example.org")).isEqualTo(new QuotaPolicy(5000, 100, 4000, 512, 1000, true));
        assertThat(limits.policyFor("nobody@example.org")).isEqualTo(new QuotaPolicy(0, 0, 0, 512, 0, true));
    }
}
