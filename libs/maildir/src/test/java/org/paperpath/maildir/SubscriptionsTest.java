package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Subscriptions} changes keep what other servers subscribed, including names Paperpath refuses. */
class SubscriptionsTest {

    @TempDir
    Path root;

    @Test
    void aChangeKeepsEntriesThatAreNotValidFolderNamesHere() throws Exception {
        Files.writeString(root.resolve(Subscriptions.NAME), "V\t2\n\nTrail \nBack\\slash\nA\tB\n", StandardCharsets.UTF_8);
        Subscriptions subscriptions = new Subscriptions(root, "pod-1", Duration.ofSeconds(5));
        assertThat(subscriptions.read()).containsExactly(FolderName.parse("A/B", '/'));

        subscriptions.subscribe(FolderName.parse("Sent", '/'));
        subscriptions.unsubscribe(FolderName.parse("A/B", '/'));

        assertThat(Files.readString(root.resolve(Subscriptions.NAME), StandardCharsets.UTF_8))
                .isEqualTo("V\t2\n\nTrail \nBack\\slash\nSent\n");
        assertThat(subscriptions.read()).containsExactly(FolderName.parse("Sent", '/'));
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
