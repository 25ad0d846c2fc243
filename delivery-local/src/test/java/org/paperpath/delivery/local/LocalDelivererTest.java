package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.model.QueueId;
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

    private List<Path> inbox(String domain, String local) throws IOException {
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
}
