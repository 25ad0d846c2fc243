package org.paperpath.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a child process. If Paperpath was killed (SIGKILL, OOM killer,
 * power cut of the JVM only), that child lives on and keeps the cluster locked, so the next start
 * would fail. Before starting, we look at {@code postmaster.pid}: a postmaster whose parent Paperpath
 * is gone is ours and is shut down (SIGTERM, PostgreSQL's smart shutdown; its clients died with the
 * JVM); one whose parent is still a running JVM belongs to another Paperpath on the same data folder,
 * and we refuse to start rather than take the folder from it.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    static void stopIfOrphaned(Path clusterDir) throws IOException {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(OrphanedPostmaster::isPostgres);
        if (postmaster.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> owner = postmaster.get().parent().filter(OrphanedPostmaster::isJava);
        if (owner.isPresent()) {
            throw new IllegalStateException("the data folder's PostgreSQL (pid " + pid + ") belongs to another running "
                    + "Paperpath (pid " + owner.get().pid() + "); stop it or choose another PAPERPATH_DATA_DIR");
        }
        log.warn("stopping PostgreSQL pid {} left running by a Paperpath that did not stop cleanly", pid);
        ProcessHandle handle = postmaster.get();
        handle.destroy();
        if (!waitForExit(handle, Duration.ofSeconds(30))) {
            handle.destroyForcibly();
            waitForExit(handle, Duration.ofSeconds(10));
        }
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }

    private static boolean isPostgres(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }
}
