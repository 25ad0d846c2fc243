package org.paperpath.maildir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the delivery marker of a key is on disk (ADR 0003), and what the marker tests read there. */
final class MarkerFiles {

    private MarkerFiles() {
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A content stream whose reading fails: a delivery that reads it throws. */
    static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the content was read");
            }
        };
    }

    /** The completed marker: {@code paperpath-deliveries/<sha256 of key>}. */
    static Path done(Path box, String key) {
        return box.resolve(Maildir.DELIVERIES_DIR).resolve(DeliveryMarkers.keyHash(key));
    }

    /** The marker of a delivery under way: {@code new/.paperpath-<sha256 of key>}, spelled as on disk. */
    static Path pending(Path box, String key) {
        return box.resolve("new").resolve(".paperpath-" + DeliveryMarkers.keyHash(key));
    }

    /** Every entry of {@code d}, dot names included, sorted; {@code d} must exist. */
    static List<String> all(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** As {@link #all}, and empty where {@code d} does not exist. */
    static List<String> allIfPresent(Path d) throws IOException {
        return Files.isDirectory(d) ? all(d) : List.of();
    }

    static int nlink(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    }
}
