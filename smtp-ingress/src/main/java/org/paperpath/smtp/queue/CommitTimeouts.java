package org.paperpath.smtp.queue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the commits that neither finished nor failed within the queue timeout, checked every
 * {@code tick} by one daemon thread. Watching and forgetting a commit is a map update that wakes no
 * thread: {@code CompletableFuture.orTimeout}, which this replaces, scheduled a task per commit, and
 * for a lone session every one of them woke the JDK's delayer thread on the way to the 250. A
 * timeout may fire up to one tick late.
 */
final class CommitTimeouts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitTimeouts.class);

    private final long timeoutNanos;
    private final long tickNanos;
    /** Each watched commit and its deadline ({@link System#nanoTime}). */
    private final ConcurrentHashMap<CompletableFuture<?>, Long> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    CommitTimeouts(Duration timeout, Duration tick, String threadName) {
        this.timeoutNanos = timeout.toNanos();
        this.tickNanos = tick.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleAtFixedRate(this::sweep, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Fails {@code commit} with a {@link TimeoutException} if it has not ended when the timeout is
     * over; at once if this is closed.
     */
    void watch(CompletableFuture<?> commit) {
        deadlines.put(commit, System.nanoTime() + timeoutNanos);
        if (closed && deadlines.remove(commit) != null) {
            commit.completeExceptionally(new TimeoutException("shutting down"));
        }
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
        expire(false, null);
    }

    /** Fails the watched commits whose deadline has passed, or {@code all} of them, with {@code reason}. */
    private void expire(boolean all, String reason) {
        long now = System.nanoTime();
        deadlines.forEach((commit, deadline) -> {
            if ((all || now - deadline >= 0) && deadlines.remove(commit, deadline)) {
                expire(commit, new TimeoutException(reason));
            }
        });
    }

    /**
     * Fails {@code commit}. A dependant that throws must not end the sweeps: a periodic task that
     * throws is never run again.
     */
    private static void expire(CompletableFuture<?> commit, TimeoutException timeout) {
        try {
            commit.completeExceptionally(timeout);
        } catch (RuntimeException e) {
            log.error("a timed-out commit's clean-up failed: {}", e.toString());
        }
    }

    /**
     * Waits until every watched commit has ended or timed out (at most the timeout and two
     * ticks), then stops sweeping; a commit still watched then, or watched later, fails at once.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeoutNanos + 2 * tickNanos;
        while (!deadlines.isEmpty() && System.nanoTime() - deadline < 0) {
            TimeUnit.NANOSECONDS.sleep(tickNanos);
        }
        sweeper.shutdownNow();
        expire(true, "shutting down");
    }
}
