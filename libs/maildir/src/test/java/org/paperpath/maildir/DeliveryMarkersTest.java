package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery marker as a symbolic link (one atomic symlink(2), no temporary file), and the older format. */
class DeliveryMarkersTest {

    @TempDir
    Path dir;

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path onlyMarker(Path box) throws IOException {
        try (Stream<Path> markers = Files.list(box.resolve(Maildir.DELIVERIES_DIR))) {
            return markers.reduce((a, b) -> {
                throw new AssertionError("more than one marker");
            }).orElseThrow();
        }
    }

    @Test
    void aMarkerIsASymbolicLinkToTheMessagesNameAndLeavesNothingInTmp() throws IOException {
        Path box = dir.resolve("box");

        String name = Maildir.open(box, "host").deliver("Q1 a@example.org", text("hello\r\n")).name();

        Path marker = onlyMarker(box);
        assertThat(Files.isSymbolicLink(marker)).isTrue();
        assertThat(Files.readSymbolicLink(marker).toString()).isEqualTo(name);
        assertThat(marker.getFileName().toString()).matches("[0-9a-f]{64}");
        try (Stream<Path> tmp = Files.list(box.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void aMarkerWrittenAsAFileByAnEarlierVersionStillMakesTheRetryAnswerAlreadyDelivered() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver("Q1 a@example.org", text("hello\r\n")).name();
        Path marker = onlyMarker(box);
        Files.delete(marker);
        Files.writeString(marker, name + "\n");

        DeliveryOutcome retry = maildir.deliver("Q1 a@example.org", text("hello\r\n"));

        assertThat(retry).isEqualTo(new DeliveryOutcome.AlreadyDelivered(name));
        assertThat(maildir.deliveredName("Q1 a@example.org")).contains(name);
    }

    @Test
    void aRetryAfterACrashBeforeTheRenameUsesThePlannedNameFromTheLink() throws IOException {
        Path box = dir.resolve("box");
        Maildir maildir = Maildir.open(box, "host");
        String name = maildir.deliver("Q1 a@example.org", text("hello\r\n")).name();
        Files.delete(box.resolve("new").resolve(name));

        DeliveryOutcome retry = maildir.deliver("Q1 a@example.org", text("hello\r\n"));

        assertThat(retry).isEqualTo(new DeliveryOutcome.Delivered(name));
        assertThat(box.resolve("new").resolve(name)).exists();
    }

    @Test
    void aMaildirMissingNewButHavingTmpIsMendedByTheDelivery() throws IOException {
        Path box = dir.resolve("box");
        Files.createDirectories(box.resolve("tmp"));

        String name = Maildir.open(box, "host").deliver("Q1 a@example.org", text("hello\r\n")).name();

        assertThat(box.resolve("new").resolve(name)).exists();
        assertThat(box.resolve("cur")).isDirectory();
    }
}
