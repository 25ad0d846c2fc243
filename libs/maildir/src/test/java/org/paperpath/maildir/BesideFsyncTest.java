package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BesideFsync}: the call runs on another thread, and its result or exception comes back as it was. */
class BesideFsyncTest {

    @Test
    void theCallRunsOnAPoolThreadWhileTheCallerGoesOn() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BesideFsync<String> call = BesideFsync.start(() -> {
            begun.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return Thread.currentThread().getName();
        });

        // Begun while this thread went on; had start() run it here, it would still wait for the release.
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();

        assertThat(call.await()).startsWith("paperpath-maildir-claim-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aCallNoPoolThreadHasBegunIsRunByTheCaller() throws IOException {
        BesideFsync<String> call = BesideFsync.start(() -> Thread.currentThread().getName(), task -> {
            // Every core busy: the pool thread never gets to it.
        });

        assertThat(call.await()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void anIoExceptionIsRethrownAsTheSameInstance() {
        IOException failure = new IOException("link failed");
        BesideFsync<String> call = BesideFsync.start(() -> {
            throw failure;
        });

        assertThatThrownBy(call::await).isSameAs(failure);
    }

    @Test
    void aRuntimeExceptionIsRethrownAsTheSameInstance() {
        UncheckedIOException failure = new UncheckedIOException(new IOException("odd"));
        BesideFsync<String> call = BesideFsync.start(() -> {
            throw failure;
        });

        assertThatThrownBy(call::await).isSameAs(failure);
    }

    @Test
    void anInterruptedCallerStillGetsTheResultAndKeepsItsInterrupt() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BesideFsync<String> call = BesideFsync.start(() -> {
            begun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return "linked";
        });
        // On the pool thread, not on this one, whose interrupt would end the wait above.
        assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.currentThread().interrupt();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // released anyway
            }
            release.countDown();
        });
        releaser.start();

        try {
            assertThat(call.await()).isEqualTo("linked");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            releaser.join();
        }
    }
}
