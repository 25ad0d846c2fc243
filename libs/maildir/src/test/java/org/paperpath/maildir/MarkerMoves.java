package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deliveries leave the move of their marker to {@code paperpath-deliveries/} to the process's
 * {@link MarkerMover} (ADR 0003). A test that looks at the files after a delivery calls
 * {@link #await()} first; and every test of this module waits for the moves before its temporary
 * directory is removed (registered in META-INF/services, autodetected by junit-platform.properties),
 * so that no move lands in a directory being deleted.
 */
public final class MarkerMoves implements AfterEachCallback {

    /** Waits until the markers of every delivery so far are moved. */
    static void await() {
        assertThat(Maildir.awaitMarkerMoves(Duration.ofSeconds(30))).as("marker moves finished").isTrue();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        await();
    }
}
