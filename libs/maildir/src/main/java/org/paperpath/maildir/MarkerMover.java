package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves delivery markers from {@code new/.paperpath-<hash>} to {@code paperpath-deliveries/<hash>}
 * after the delivery returned (docs/adr/0003, "The marker's move happens after the delivery"): one
 * daemon thread per JVM, a bounded queue, several moves per wake-up.
 *
 * <p>A queued move is the on-disk state "crashed after the fsync of new/, before the move", which
 * the design already answers: a retry finds the marker and the message in new/ (AlreadyDelivered),
 * and the owner, or a retry once the marker is older than {@link DeliveryMarkers#IN_PROGRESS_WINDOW},
 * or the sweep, moves it. The owner-only rule holds: this mover belongs to the process whose
 * delivery created the marker, moves only markers queued by that delivery, and only while
 * <ul>
 * <li>it is younger than {@link #MOVE_DEADLINE} (far inside the window in which no other process
 * touches it; an older one is left as a crashed owner's, for a retry or the sweep), and
 * <li>the marker is still a link to the delivery's own message (same file key) while that message
 * is in new/ ({@link DeliveryMarkers#completeIfOurs}).
 * </ul>
 * If the queue is full or the mover stopped, {@link #offer} says so and the delivery moves the marker
 * itself, as before.
 */
final class MarkerMover {

    /** Queued moves beyond this are made by the delivery itself. */
    static final int CAPACITY = 8192;

    /** A queued move older than this is not made (see the class comment): one tenth of the window. */
    static final long MOVE_DEADLINE_NANOS = DeliveryMarkers.IN_PROGRESS_WINDOW.toNanos() / 10;

    private static final int BATCH = 1024;

    /**
     * After a wake-up the mover waits this long before taking what is queued: one wake-up and one
     * burst of renames for the deliveries of those milliseconds, rather than a thread switch and a
     * rename in between the deliveries' own file system work for each one.
     */
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private static final MarkerMover SHARED = new MarkerMover("paperpath-marker-mover", true);

    private record Move(DeliveryMarkers markers, Path message, long queuedNanos) {
    }

    private final ArrayBlockingQueue<Move> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final String threadName;
    private final boolean drainAtExit;
    /** Guards {@link #thread}, {@link #stopped} and {@link #outstanding}. */
    private final Object lock = new Object();
    private Thread thread;
    private boolean stopped;
    private boolean paused;
    private long outstanding;

    MarkerMover(String threadName, boolean drainAtExit) {
        this.threadName = threadName;
        this.drainAtExit = drainAtExit;
    }

    /** The process-wide mover every {@link Maildir} uses. */
    static MarkerMover shared() {
        return SHARED;
    }

    /**
     * Queues the move of {@code markers}' marker once its {@code message} and the marker are durable
     * (new/ fsynced); false if the caller must move it now (queue full, or the mover stopped).
     */
    boolean offer(DeliveryMarkers markers, Path message) {
        Move move = new Move(markers, message, System.nanoTime());
        // Under the lock that stop() takes: once stopped, nothing more is queued that no one would take.
        synchronized (lock) {
            if (stopped || !queue.offer(move)) {
                return false;
            }
            outstanding++;
            if (thread == null && !paused) {
                start();
            }
            return true;
        }
    }

    /** A mover that queues moves without making them until {@link #resume} or {@link #stop} (tests). */
    static MarkerMover paused(String threadName) {
        MarkerMover mover = new MarkerMover(threadName, false);
        mover.paused = true;
        return mover;
    }

    /** Starts making the moves of a {@link #paused} mover. */
    void resume() {
        synchronized (lock) {
            paused = false;
            if (thread == null && !stopped) {
                start();
            }
        }
    }

    /** Waits until every move queued so far was made (or given up); false if interrupted or timed out. */
    boolean await(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Stops the mover: later deliveries move their markers themselves, and the moves still queued are
     * made now, in the calling thread; returns once the mover thread made the ones it had taken (or
     * after 10 seconds). Idempotent.
     */
    void stop() {
        Thread running;
        synchronized (lock) {
            stopped = true;
            running = thread;
        }
        drain();
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    private void start() {
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        t.start();
        thread = t;
        if (drainAtExit) {
            // A JVM that exits normally makes its queued moves; one that is killed leaves the crash state.
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(this::stop, threadName + "-at-exit"));
            } catch (IllegalStateException exiting) {
                // The JVM is already exiting: the moves queued now are left as after a crash.
            }
        }
    }

    private void run() {
        List<Move> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
                if (LINGER_NANOS > 0 && queue.remainingCapacity() > CAPACITY / 2) {
                    java.util.concurrent.locks.LockSupport.parkNanos(LINGER_NANOS);
                }
            } catch (InterruptedException e) {
                if (stopped()) {
                    drain();
                    return;
                }
                continue;
            }
            queue.drainTo(batch, BATCH - 1);
            Set<Path> newDirs = new HashSet<>();
            for (Move move : batch) {
                make(move);
                newDirs.add(move.message().getParent());
            }
            finished(batch.size());
            writeOut(newDirs);
            batch.clear();
        }
    }

    /**
     * fsyncs the new/ directories a burst of moves changed. Not for durability (a move needs none,
     * see the class comment) but so that the next delivery's fsync of new/ does not have to write
     * the directory blocks the burst dirtied: one fsync per burst here, instead of a few more blocks
     * in every delivery's own (measured in {@code bench/maildir-bench}, session 5: about +0.01 of
     * the floor with 1 thread, +0.02 with 4). A failure is left to the next fsync of new/.
     */
    private static void writeOut(Set<Path> newDirs) {
        for (Path newDir : newDirs) {
            try {
                Fsync.directory(newDir);
            } catch (IOException | RuntimeException e) {
                // Written by the next delivery's fsync of new/, or by the kernel.
            }
        }
    }

    private void drain() {
        Move move;
        while ((move = queue.poll()) != null) {
            make(move);
            finished(1);
        }
    }

    private static void make(Move move) {
        if (System.nanoTime() - move.queuedNanos() > MOVE_DEADLINE_NANOS) {
            // Left as a crashed owner's marker: a retry or the sweep moves it once it is old.
            return;
        }
        try {
            move.markers().completeIfOurs(move.message());
        } catch (IOException | RuntimeException e) {
            // The message and its marker in new/ are durable: a retry finds both (AlreadyDelivered).
        }
    }

    private void finished(int moves) {
        synchronized (lock) {
            outstanding -= moves;
            if (outstanding == 0) {
                lock.notifyAll();
            }
        }
    }
}
