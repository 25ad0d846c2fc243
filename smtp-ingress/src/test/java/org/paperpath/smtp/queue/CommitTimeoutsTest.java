package org.paperpath.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** {@link CommitTimeouts}: a watched commit that does not end is failed; one that ended is not touched. */
class CommitTimeoutsTest {

    @Test
    void aWatchedCommitThatDoesNotEndFailsWithATimeoutAndIsNoLongerWatched() throws Exception {
        try (CommitTimeouts timeouts = new CommitTimeouts(Duration.ofMillis(50), Duration.ofMillis(10), "test-timeouts")) {
            CompletableFuture<Void> stuck = new CompletableFuture<>();
            timeouts.watch(stuck);

            Throwable failure = null;
            try {
                stuck.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }

            assertThat(failure).isInstanceOf(TimeoutException.class);
            assertThat(timeouts.watched()).isZero();
        }
    }

    @Test
    void aForgottenCommitIsNeverFailedAndNothingIsLeftWatched() throws Exception {
        try (CommitTimeouts timeouts = new CommitTimeouts(Duration.ofMillis(50), Duration.ofMillis(10), "test-timeouts")) {
            CompletableFuture<Void> ended = new CompletableFuture<>();
            CompletableFuture<Void> stuck = new CompletableFuture<>();
            timeouts.watch(ended);
            timeouts.watch(stuck);
            timeouts.forget(ended);

            // The still-watched one fails after the timeout; five ticks later the forgotten one, whose
            // deadline was earlier, would have been failed too had it still been watched.
            assertThat(stuck).failsWithin(Duration.ofSeconds(10));
            Thread.sleep(50);
            assertThat(ended).isNotDone();
            assertThat(timeouts.watched()).isZero();
        }
    }

    @Test
    void closingWaitsForTheWatchedCommitsToEndAndACommitWatchedAfterwardsFailsAtOnce() throws Exception {
        CommitTimeouts timeouts = new CommitTimeouts(Duration.ofSeconds(20), Duration.ofMillis(10), "test-timeouts");
        CompletableFuture<Void> inFlight = new CompletableFuture<>();
        timeouts.watch(inFlight);
        Thread broker = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timeouts.forget(inFlight);
            inFlight.complete(null);
        });
        broker.start();

        timeouts.close();

        // close() returned only once the commit in flight had ended by itself, not by a timeout.
        assertThat(inFlight).isCompleted();
        assertThat(inFlight.isCompletedExceptionally()).isFalse();
        CompletableFuture<Void> late = new CompletableFuture<>();
        timeouts.watch(late);
        assertThat(late).isCompletedExceptionally();
        assertThat(timeouts.watched()).isZero();
        broker.join();
    }
}
