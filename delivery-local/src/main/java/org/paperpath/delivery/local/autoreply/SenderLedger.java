package org.paperpath.delivery.local.autoreply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * "At most once per sender per interval" for one mailbox, shared by every delivery-local replica:
 * one file per sender under {@code <maildir>/paperpath-autoresponder/senders/}, named by the hash of
 * the lower-cased sender, whose mtime is the time of the last reply and whose content is the hash of
 * the delivery (queue id + recipient) that claimed it. A retry of that same delivery finds its own
 * claim and may go on; any other delivery within the interval is refused.
 *
 * <p>A stale claim is taken over by renaming it away first (only one rename of a file succeeds) and
 * linking a new one in its place; a replica that moved a claim fresher than the one it judged puts
 * it back and backs off. Deliveries to one mailbox share one Kafka partition, so such races happen
 * only while partitions move between replicas.
 */
final class SenderLedger {

    private final Path dir;
    private final DurableFiles files;

    SenderLedger(Path stateDir, DurableFiles files) {
        this.dir = stateDir.resolve("senders");
        this.files = files;
    }

    /**
     * Claims a reply to {@code sender} at {@code now} for {@code deliveryKey}.
     *
     * @return true if the reply may be sent: no reply within {@code interval}, or the claim within it
     *     is this delivery's own (a retry)
     */
    boolean claim(String sender, String deliveryKey, Instant now, Duration interval) throws IOException {
        Path file = dir.resolve(DurableFiles.nameOf(sender.toLowerCase(Locale.ROOT)));
        byte[] claim = DurableFiles.nameOf(deliveryKey).getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (files.createOnce(file, claim, FileTime.from(now))) {
                return true;
            }
            Instant last;
            byte[] holder;
            try {
                last = Files.getLastModifiedTime(file).toInstant();
                holder = Files.readAllBytes(file);
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (Arrays.equals(holder, claim)) {
                return true;
            }
            if (now.isBefore(last.plus(interval))) {
                return false;
            }
            if (!moveAwayIfStill(file, last, now, interval)) {
                return false;
            }
        }
        return false;
    }

    /** Renames a stale claim away; false if what was moved turned out to be a fresh claim (put back). */
    private boolean moveAwayIfStill(Path file, Instant judged, Instant now, Duration interval) throws IOException {
        Path away = file.resolveSibling(file.getFileName() + ".old." + UUID.randomUUID());
        try {
            Files.move(file, away, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return true;
        }
        try {
            Instant moved = Files.getLastModifiedTime(away).toInstant();
            if (!moved.equals(judged) && now.isBefore(moved.plus(interval))) {
                try {
                    Files.createLink(file, away);
                } catch (FileAlreadyExistsException e) {
                    // A third claim is in place already; it stands.
                }
                return false;
            }
            return true;
        } finally {
            Files.deleteIfExists(away);
        }
    }
}
