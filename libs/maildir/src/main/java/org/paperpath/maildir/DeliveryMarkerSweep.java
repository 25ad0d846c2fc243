package org.paperpath.maildir;

import static org.paperpath.maildir.DeliveryMarkers.EXPUNGED_MARKER_AGE;
import static org.paperpath.maildir.DeliveryMarkers.HARD_LINKS_ONLY;
import static org.paperpath.maildir.DeliveryMarkers.HASH_NAME;
import static org.paperpath.maildir.DeliveryMarkers.MARKER_MAX_AGE;
import static org.paperpath.maildir.DeliveryMarkers.PENDING_NAME;
import static org.paperpath.maildir.DeliveryMarkers.PENDING_PREFIX;
import static org.paperpath.maildir.DeliveryMarkers.attrs;
import static org.paperpath.maildir.DeliveryMarkers.createDoneDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.paperpath.maildir.DeliveryMarkers.Attrs;

/**
 * The clean-up of {@link DeliveryMarkers} (docs/adr/0003): markers are made on every delivery and
 * read on every retry, and removed here, by the stale-tmp sweep, once they protect nothing.
 */
final class DeliveryMarkerSweep {

    private DeliveryMarkerSweep() {
    }

    /**
     * Prunes the markers of one Maildir (the stale-tmp sweep, {@link Maildir#sweepTmp}): in
     * {@code paperpath-deliveries/}, a marker of an expunged message (a regular file with link count
     * 1 that is not an earlier-format name file) older than {@link DeliveryMarkers#EXPUNGED_MARKER_AGE}, and any
     * marker older than {@link DeliveryMarkers#MARKER_MAX_AGE}; in new/, an in-progress marker older than
     * {@code pendingAge}, which is moved to {@code paperpath-deliveries/} instead if its message is in
     * new/ or cur/. Ages are by the marker's mtime (the message's write time).
     *
     * @return how many markers were removed
     */
    static int prune(Path maildirRoot, Clock clock, Duration pendingAge) throws IOException {
        Instant now = clock.instant();
        int removed = 0;
        Path doneDir = maildirRoot.resolve(Maildir.DELIVERIES_DIR);
        if (Files.isDirectory(doneDir, LinkOption.NOFOLLOW_LINKS)) {
            boolean oldLeft = false;
            try (DirectoryStream<Path> markers = Files.newDirectoryStream(doneDir)) {
                for (Path marker : markers) {
                    Attrs a = attrs(marker);
                    if (a == null || !HASH_NAME.matcher(marker.getFileName().toString()).matches()) {
                        continue;
                    }
                    boolean old = a.symlink() || (a.regular() && a.nlink() == 1 && OldMarkerFiles.nameIn(marker, a).isPresent());
                    boolean expired = a.mtime().isBefore(now.minus(MARKER_MAX_AGE));
                    boolean expunged = a.regular() && a.nlink() == 1 && a.mtime().isBefore(now.minus(EXPUNGED_MARKER_AGE))
                            && !old;
                    if ((expired || expunged) && Files.deleteIfExists(marker)) {
                        removed++;
                    } else if (old) {
                        oldLeft = true;
                    }
                }
            }
            if (!oldLeft) {
                try {
                    Files.createFile(doneDir.resolve(HARD_LINKS_ONLY));
                } catch (FileAlreadyExistsException already) {
                    // Written when the directory was made, or by an earlier sweep.
                }
            }
        }
        Path newDir = maildirRoot.resolve("new");
        if (Files.isDirectory(newDir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> markers = Files.newDirectoryStream(newDir, PENDING_PREFIX + "*")) {
                for (Path marker : markers) {
                    Attrs a = attrs(marker);
                    if (a == null || !a.mtime().isBefore(now.minus(pendingAge))) {
                        continue;
                    }
                    String name = marker.getFileName().toString();
                    if (PENDING_NAME.matcher(name).matches()) {
                        String hash = name.substring(PENDING_PREFIX.length());
                        if (DeliveryMarkers.findByTag(newDir, maildirRoot.resolve("cur"), hash.substring(0, 16))
                                .isPresent()) {
                            Fsync.directory(newDir);
                            createDoneDir(doneDir);
                            try {
                                AtomicRename.move(marker, doneDir.resolve(hash));
                            } catch (NoSuchFileException gone) {
                                // Moved by a retry meanwhile.
                            }
                            continue;
                        }
                    }
                    if (Files.deleteIfExists(marker)) {
                        removed++;
                    }
                }
            }
        }
        return removed;
    }
}
