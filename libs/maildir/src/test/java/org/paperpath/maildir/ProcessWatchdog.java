package org.paperpath.maildir;

import java.util.concurrent.TimeUnit;

/**
 * Kills a peer server's process that is still running a minute after it started, so that a test
 * blocked reading from a server that hangs fails instead of hanging the build.
 */
final class ProcessWatchdog {

    private static final long LIMIT_SECONDS = 60;

    private ProcessWatchdog() {
    }

    /** Starts a daemon thread named {@code name} that watches {@code process}. */
    static void watch(Process process, String name) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, name);
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
