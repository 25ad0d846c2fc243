package org.paperpath.maildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
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

    /** The marker is ours, created at {@code createdNanos} ({@link System#nanoTime}); {@code file} writes it. */
    record Held(FileChannel file, long createdNanos) implements KeyClaim {
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
                return checked(markers, new Held(created.get(), System.nanoTime()));
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
    private static KeyClaim checked(DeliveryMarkers markers, Held held) throws IOException {
        Optional<String> completed;
        try {
            completed = markers.completed();
        } catch (IOException | RuntimeException e) {
            release(markers, held);
            throw e;
        }
        if (completed.isEmpty()) {
            return held;
        }
        release(markers, held);
        return new Answered(new DeliveryOutcome.AlreadyDelivered(completed.get()));
    }

    /** Closes the held file and removes the marker, if it is still ours (see {@link DeliveryMarkers#abandon}). */
    static void release(DeliveryMarkers markers, Held held) {
        try {
            held.file().close();
        } catch (IOException ignored) {
            // The marker goes either way.
        }
        markers.abandon(held.createdNanos());
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
