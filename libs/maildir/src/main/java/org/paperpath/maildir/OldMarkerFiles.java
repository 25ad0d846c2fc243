package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The regular-file delivery markers of earlier versions (before ADR 0003): a small file in
 * {@code paperpath-deliveries/} whose whole content is the delivered message's name. Still read, so
 * that a Maildir written by an earlier version answers its retries; {@link DeliveryMarkerSweep}
 * prunes them like any other marker.
 */
final class OldMarkerFiles {

    /** Markers of earlier versions are names: a regular file larger than this is a message. */
    private static final int MAX_BYTES = 512;

    /** What earlier versions wrote into a marker file: a name made by {@link MaildirNames#uniqueBase}. */
    private static final Pattern NAME = Pattern.compile("[0-9]+\\.M[0-9]+P[0-9]+Q[0-9]+R[0-9a-f]+\\.[^/\\s]+");

    private OldMarkerFiles() {
    }

    /**
     * The name held by a marker of the earlier regular-file format: a small file whose whole content
     * is one file name in this library's format. A marker of the current format with link count 1 is
     * an expunged message, which is never just such a name.
     */
    static Optional<String> nameIn(Path marker, DeliveryMarkers.Attrs a) throws IOException {
        if (a.size() == 0 || a.size() > MAX_BYTES) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(marker, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException | MalformedInputException e) {
            return Optional.empty();
        }
        return NAME.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }
}
