package org.paperpath.maildir;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few file system calls run on a pool thread while the calling thread waits for an fsync(2):
 * a delivery's claim of its key (the marker's link into new/ and the lookup of a completed marker,
 * 30 to 40 µs on the reference disk) costs the delivery nothing when it ends before the tmp/ file's
 * fsync does (docs/adr/0003, "The claim runs beside the fsync"). Handing the call over costs the
 * caller one wake-up of a parked pool thread.
 *
 * <p>The pool's threads are daemons that end after a minute idle. When all {@link #MAX_THREADS} are
 * busy, the call runs on the calling thread before it returns from {@link #start}; when the pool
 * thread has not begun the call by the time the caller asks for its result (every core busy, so
 * the woken thread waits for one), the caller runs it itself. Either way the worst case is the
 * steps of a delivery without this overlap, one after the other on one thread, and not a wait for
 * a core: with the caller waiting instead, a concurrent build on the 2-core reference machine
 * halved the library's rate.
 */
final class BesideFsync<T> {

    /** A call that may fail as file system calls do. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws IOException;
    }

    /** More deliveries at once than this in one process run their claim on their own thread. */
    static final int MAX_THREADS = 64;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "paperpath-maildir-claim-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private final FutureTask<T> task;

    private BesideFsync(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts {@code call} on a pool thread (or runs it here if none is free). */
    static <T> BesideFsync<T> start(Call<T> call) {
        return start(call, POOL);
    }

    /** {@link #start(Call)} on {@code executor} (tests: one that never gets to run it). */
    static <T> BesideFsync<T> start(Call<T> call, Executor executor) {
        FutureTask<T> task = new FutureTask<>(call::call);
        executor.execute(task);
        return new BesideFsync<>(task);
    }

    /**
     * The call's result, once it has ended; its exception rethrown as it was thrown. Waits through
     * interrupts (the caller must know what the call did to the disk) and restores the flag after.
     */
    T await() throws IOException {
        // Not started yet (no core was free for the pool thread): run it here, as without the overlap.
        task.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
