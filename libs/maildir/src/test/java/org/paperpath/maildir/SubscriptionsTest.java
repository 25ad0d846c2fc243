package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Subscriptions} reads what other servers subscribed with the rules of names found on disk
 * and keeps, through every change, even entries that are no safe name at all.
 */
class SubscriptionsTest {

    @TempDir
    Path root;

    @Test
    void namesAnotherServerSubscribedAreReadAndUnsafeEntriesKept() throws Exception {
        Files.writeString(root.resolve(Subscriptions.NAME), "V\t2\n\nTrail \nBack\\slash\nA\tB\n..\tetc\n",
                StandardCharsets.UTF_8);
        Subscriptions subscriptions = new Subscriptions(root, "pod-1", Duration.ofSeconds(5));
        FolderName trail = FolderName.fromDisk(List.of("Trail "));
        FolderName backslash = FolderName.fromDisk(List.of("Back\\slash"));
        assertThat(subscriptions.read()).containsExactly(trail, backslash, FolderName.parse("A/B", '/'));

        subscriptions.subscribe(FolderName.parse("Sent", '/'));
        subscriptions.unsubscribe(FolderName.parse("A/B", '/'));
        subscriptions.unsubscribe(trail);

        assertThat(Files.readString(root.resolve(Subscriptions.NAME), StandardCharsets.UTF_8))
                .isEqualTo("V\t2\n\nBack\\slash\n..\tetc\nSent\n");
        assertThat(subscriptions.read()).containsExactly(backslash, FolderName.parse("Sent", '/'));
    }

    @Test
    void aVersionOneFileIsRewrittenAsVersionTwoWithEveryEntry() throws Exception {
        Files.writeString(root.resolve(Subscriptions.NAME), "Archive.2024\n a\n", StandardCharsets.UTF_8);
        Subscriptions subscriptions = new Subscriptions(root, "pod-1", Duration.ofSeconds(5));

        subscriptions.subscribe(FolderName.INBOX);

        assertThat(Files.readString(root.resolve(Subscriptions.NAME), StandardCharsets.UTF_8))
                .isEqualTo("V\t2\n\nArchive\t2024\n a\nINBOX\n");
    }
}
