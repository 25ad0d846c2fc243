package org.paperpath.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A delivery's claim of its key (ADR 0005): the message's file itself, created in new/ under the
 * key's in-progress marker name {@code .paperpath-<hash>} with O_EXCL (two racing attempts cannot
 * both create it, and a failed create is how an attempt under way or crashed is found), then one
 * look for a completed marker (an attempt that completed before the create). Either the claim is
 * {@link Held} (the file is open for the message) or {@link Answered} (nothing of this attempt is
 * left on disk).
 */
sealed interface KeyClaim {

    /** Mends a Maildir whose new/ is missing ({@link Maildir#create}). */
    @FunctionalInterface
    interface Mend {
        void run() throws IOException;
    }

    /**
     * How long after creating its marker an attempt may still link its message into new/ or remove
     * the marker by name: half of {@link DeliveryMarkers#IN_PROGRESS_WINDOW}. Within it no other
     * attempt can have taken the marker over (that needs the marker untouched for the whole window,
     * by clocks that agree to within the other half), so the name is still ours. An attempt that took
     * longer (a stalled input, a long GC pause) gives up and leaves its marker for a retry to take
     * over: had it linked by name, it could have linked another attempt's half-written file as its
     * message.
     */
    Duration OWN_MARKER_SPAN = DeliveryMarkers.IN_PROGRESS_WINDOW.dividedBy(2);

    /**
     * The marker of {@code markers}' key is ours, created at {@code createdNanos}
     * ({@link System#nanoTime}); {@code file} writes it.
     */
    record Held(DeliveryMarkers markers, FileChannel file, long createdNanos) implements KeyClaim {

        /** Whether the marker is surely still ours ({@link #OWN_MARKER_SPAN}). */
        boolean stillOurs() {
            return System.nanoTime() - createdNanos < OWN_MARKER_SPAN.toNanos();
        }

        /**
         * Links our marker, which holds the written and fsynced message, into new/ as {@code message}
         * (link(2), the maildir spec's NFS-safe way into new/), if it is surely still ours.
         *
         * @throws IOException if the attempt is older than {@link #OWN_MARKER_SPAN} (the marker is left
         *     for a retry to take over), or the link failed
         */
        void linkAs(Path message) throws IOException {
            Path pending = markers.pending();
            if (!stillOurs()) {
                throw new IOException("delivery took longer than " + OWN_MARKER_SPAN + " after it claimed its key; "
                        + pending + " is left for a retry to take over");
            }
            try {
                Files.createLink(message, pending);
            } catch (FileAlreadyExistsException e) {
                // On NFS a LINK retransmitted after a lost reply answers EEXIST although the first one linked.
                Object linked = DeliveryMarkers.fileKey(message);
                if (linked == null || !linked.equals(DeliveryMarkers.fileKey(pending))) {
                    throw e;
                }
            }
        }

        /**
         * Gives the claim up after a failed or refused attempt: closes the file and removes the marker
         * if it is surely still ours; otherwise it is left, and the next attempt takes it over once the
         * window has passed.
         */
        void release() {
            try {
                file.close();
            } catch (IOException ignored) {
                // The marker goes either way.
            }
            if (!stillOurs()) {
                return;
            }
            try {
                Files.deleteIfExists(markers.pending());
            } catch (IOException ignored) {
                // Left behind: the next attempt takes it over after IN_PROGRESS_WINDOW.
            }
        }
    }

    /** Another attempt's answer, to give instead of delivering. */
    record Answered(DeliveryOutcome outcome) implements KeyClaim {
    }

    /**
     * Claims the key. The marker in new/ is ours from the create on, so no attempt of this key can
     * complete after it, and one that completed before it moved its marker to paperpath-deliveries/
     * (the mover, a retry, or the sweep move a marker out of new/ only after its message reached
     * new/), where the look after the create finds it. If that look fails, the marker is removed
     * again before the exception leaves: a claim that throws holds nothing.
     */
    static KeyClaim make(DeliveryMarkers markers, Mend mend) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<FileChannel> created = create(markers, mend);
            if (created.isPresent()) {
                return checked(new Held(markers, created.get(), System.nanoTime()));
            }
            // If this look cleared a crashed attempt's marker, the create is tried once more; an
            // attempt that created it in between holds the key, and the answer is then in progress.
            Optional<DeliveryOutcome> earlier = markers.earlier();
            if (earlier.isPresent()) {
                return new Answered(earlier.get());
            }
        }
        return new Answered(markers.inProgress());
    }

    /** {@code held}, unless a completed marker answers the key: then the held marker is given up. */
    private static KeyClaim checked(Held held) throws IOException {
        Optional<String> completed;
        try {
            completed = held.markers().completed();
        } catch (IOException | RuntimeException e) {
            held.release();
            throw e;
        }
        if (completed.isEmpty()) {
            return held;
        }
        held.release();
        return new Answered(new DeliveryOutcome.AlreadyDelivered(completed.get()));
    }

    /** Creates the marker; empty if one of this key is there. A Maildir whose new/ is missing is mended first. */
    private static Optional<FileChannel> create(DeliveryMarkers markers, Mend mend) throws IOException {
        try {
            return markers.create();
        } catch (NoSuchFileException newMissing) {
            mend.run();
            return markers.create();
        }
    }
}
