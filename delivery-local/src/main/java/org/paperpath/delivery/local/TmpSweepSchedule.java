package org.paperpath.delivery.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link TmpSweeper} every {@code paperpath.delivery-local.tmp-sweep-interval} on one daemon
 * thread, the first time a little after start (at most five minutes, or the interval if shorter), so
 * a service that restarts often still sweeps. A sweep never overlaps the next: the delay counts from
 * the end of the previous one.
 */
final class TmpSweepSchedule implements SmartLifecycle {

    private static final Duration FIRST_AT_MOST = Duration.ofMinutes(5);

    private final TmpSweeper sweeper;
    private final Duration interval;
    private final boolean enabled;
    private ScheduledExecutorService executor;

    /** @param enabled false (delivery-local switched off) leaves the schedule stopped */
    TmpSweepSchedule(TmpSweeper sweeper, Duration interval, boolean enabled) {
        this.sweeper = sweeper;
        this.interval = interval;
        this.enabled = enabled;
    }

    Duration interval() {
        return interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null || !enabled) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "delivery-local-tmp-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(interval.toMillis(), FIRST_AT_MOST.toMillis());
        executor.scheduleWithFixedDelay(sweeper::sweep, first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
