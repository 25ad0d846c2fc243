package org.paperpath.delivery.local.autoreply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.MessageAccepted;

/**
 * What makes a reply idempotent by delivery (queue id + recipient), like the delivery itself: under
 * {@code <maildir>/paperpath-autoresponder/replies/}, a file named by the delivery key's hash holds
 * the reply's {@link MessageAccepted} once its body is spooled and before it is published, and a
 * {@code .sent} twin appears once the broker acknowledged it. A retry that finds the twin does
 * nothing; one that finds only the record publishes that same record again (same queue id, same
 * body: queue-service takes a queue id once), never a second reply.
 */
final class ReplyJournal {

    private final Path dir;
    private final DurableFiles files;

    ReplyJournal(Path stateDir, DurableFiles files) {
        this.dir = stateDir.resolve("replies");
        this.files = files;
    }

    boolean isSent(String deliveryKey) {
        return Files.exists(sentMark(deliveryKey));
    }

    /** The reply recorded for this delivery, if one was. */
    Optional<MessageAccepted> recorded(String deliveryKey) throws IOException {
        try {
            return Optional.of(EventCodec.decode(Files.readAllBytes(record(deliveryKey)), MessageAccepted.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Records {@code reply} for this delivery unless another attempt recorded one first.
     *
     * @return the reply that stands: {@code reply}, or the one recorded before
     */
    MessageAccepted record(String deliveryKey, MessageAccepted reply) throws IOException {
        if (files.createOnce(record(deliveryKey), EventCodec.encode(reply))) {
            return reply;
        }
        return recorded(deliveryKey).orElseThrow(() -> new IOException("reply record vanished for " + deliveryKey));
    }

    void markSent(String deliveryKey) throws IOException {
        files.createOnce(sentMark(deliveryKey), new byte[0]);
    }

    private Path record(String deliveryKey) {
        return dir.resolve(DurableFiles.nameOf(deliveryKey));
    }

    private Path sentMark(String deliveryKey) {
        return dir.resolve(DurableFiles.nameOf(deliveryKey) + ".sent");
    }
}
