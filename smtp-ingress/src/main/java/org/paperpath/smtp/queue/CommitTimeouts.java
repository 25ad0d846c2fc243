package org.paperpath.smtp.queue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the commits that neither finished nor failed within the queue timeout, checked every
 * {@code tick} by one daemon thread. Watching and forgetting a commit is a map update that wakes no
 * thread: {@code CompletableFuture.orTimeout}, which this replaces, scheduled a task per commit, and
 * for a lone session every one of them woke the JDK's delayer thread on the way to the 250. A
 * timeout may fire up to one tick late.
 */
final class CommitTimeouts implements AutoCloseable {

    private final long timeoutNanos;
    /** Each watched commit and its deadline ({@link System#nanoTime}). */
    private final ConcurrentHashMap<CompletableFuture<?>, Long> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    CommitTimeouts(Duration timeout, Duration tick, String threadName) {
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleAtFixedRate(this::sweep, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Fails {@code commit} with a {@link TimeoutException} if it has not ended when the timeout is over. */
    void watch(CompletableFuture<?> commit) {
        deadlines.put(commit, System.nanoTime() + timeoutNanos);
    }

    /** Stops watching {@code commit} (it ended). */
    void forget(CompletableFuture<?> commit) {
        deadlines.remove(commit);
    }

    /** How many commits are watched now. */
    int watched() {
        return deadlines.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((commit, deadline) -> {
            if (now - deadline >= 0 && deadlines.remove(commit, deadline)) {
                commit.completeExceptionally(new TimeoutException());
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
