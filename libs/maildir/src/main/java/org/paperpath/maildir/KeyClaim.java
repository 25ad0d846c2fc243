package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A delivery's claim of its key (ADR 0003), made beside the tmp/ file's fsync ({@link BesideFsync}):
 * the written tmp/ file linked as the key's marker in new/, then one look for a completed marker.
 * What it found: another attempt's answer ({@code other}; nothing was linked), or our marker linked
 * and the name of an attempt that completed before the link, if one did.
 */
record KeyClaim(Optional<DeliveryOutcome> other, Optional<String> completed) {

    /** Mends a Maildir whose new/ is missing while its tmp/ is there ({@link Maildir#create}). */
    @FunctionalInterface
    interface Mend {
        void run() throws IOException;
    }

    /** Whether our marker is linked: no other attempt's answer came back. */
    boolean linked() {
        return other.isEmpty();
    }

    /**
     * Claims the key with {@code tmpFile}. The marker in new/ is ours from the link on, so no attempt
     * of this key can complete after it, and one that completed before it moved its marker to
     * paperpath-deliveries/ (the mover, a retry, or the sweep move a marker out of new/ only after its
     * message reached new/), where the look after the link finds it. If that look fails, the marker
     * is unlinked again before the exception leaves: a claim that throws has linked nothing.
     */
    static KeyClaim make(DeliveryMarkers markers, Path tmpFile, Mend mend) throws IOException {
        Optional<DeliveryOutcome> other = linkOrAnswer(markers, tmpFile, mend);
        if (other.isPresent()) {
            return new KeyClaim(other, Optional.empty());
        }
        try {
            return new KeyClaim(other, markers.completed());
        } catch (IOException | RuntimeException e) {
            markers.unlinkOwn(tmpFile);
            throw e;
        }
    }

    /** After a delivery failed: whether its claim, once ended, holds a linked marker. */
    static boolean linkedBy(BesideFsync<KeyClaim> claiming) {
        try {
            return claiming.await().linked();
        } catch (IOException | RuntimeException failed) {
            return false;
        }
    }

    /**
     * Links the marker: empty once it is linked, or the answer to give instead (what an earlier
     * attempt left, {@link DeliveryMarkers#earlier}). If that look cleared a crashed attempt's
     * marker, the link is tried once more; an attempt that linked in between holds the key, and the
     * answer is then in progress.
     */
    private static Optional<DeliveryOutcome> linkOrAnswer(DeliveryMarkers markers, Path tmpFile, Mend mend)
            throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (linkMarker(markers, tmpFile, mend)) {
                return Optional.empty();
            }
            Optional<DeliveryOutcome> earlier = markers.earlier();
            if (earlier.isPresent()) {
                return earlier;
            }
        }
        return Optional.of(markers.inProgress());
    }

    /** Links the marker; a Maildir whose new/ is missing (tmp/ was there) is mended first. */
    private static boolean linkMarker(DeliveryMarkers markers, Path tmpFile, Mend mend) throws IOException {
        try {
            return markers.link(tmpFile);
        } catch (NoSuchFileException newMissing) {
            if (!Files.exists(tmpFile)) {
                throw newMissing;
            }
            mend.run();
            return markers.link(tmpFile);
        }
    }
}
