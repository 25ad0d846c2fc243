package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirLockTest {

    @TempDir
    Path dir;

    private Path lockFile() {
        return dir.resolve("dovecot-uidlist.lock");
    }

    private MaildirLock acquire(Duration timeout) throws IOException {
        LockOutcome outcome = MaildirLock.acquire(lockFile(), "node-a", timeout);
        assertThat(outcome).isInstanceOf(LockOutcome.Acquired.class);
        return ((LockOutcome.Acquired) outcome).lock();
    }

    @Test
    void theLockFileHoldsPidColonHostAndNoTemporaryFileIsLeft() throws IOException {
        try (MaildirLock lock = acquire(Duration.ZERO)) {
            assertThat(Files.readString(lock.path())).isEqualTo(ProcessHandle.current().pid() + ":node-a");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(lockFile());
            }
        }
        assertThat(lockFile()).doesNotExist();
    }

    @Test
    void aHeldLockTimesOutForTheNextTakerNamingTheHolder() throws IOException {
        try (MaildirLock lock = acquire(Duration.ZERO)) {
            LockOutcome second = MaildirLock.acquire(lockFile(), "node-b", Duration.ofMillis(150));
            assertThat(second).isEqualTo(new LockOutcome.TimedOut(lockFile(), ProcessHandle.current().pid() + ":node-a"));
        }
        acquire(Duration.ZERO).close();
    }

    @Test
    void aLockOlderThan120SecondsIsStaleAndBroken() throws IOException {
        Files.writeString(lockFile(), "999999:crashed-node");
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(121)));

        try (MaildirLock lock = acquire(Duration.ofSeconds(1))) {
            assertThat(Files.readString(lock.path())).endsWith(":node-a");
        }
    }

    @Test
    void aLockYoungerThan120SecondsIsRespected() throws IOException {
        Files.writeString(lockFile(), "999999:busy-node");
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(100)));

        assertThat(MaildirLock.acquire(lockFile(), "node-a", Duration.ofMillis(50)))
                .isInstanceOf(LockOutcome.TimedOut.class);
    }

    @Test
    void touchingAHeldLockKeepsItFresh() throws IOException {
        try (MaildirLock lock = acquire(Duration.ZERO)) {
            Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minusSeconds(100)));
            lock.touch();
            assertThat(Files.getLastModifiedTime(lockFile()).toInstant()).isAfter(Instant.now().minusSeconds(5));
        }
    }

    @Test
    void closingTwiceIsHarmlessAndDoesNotDeleteTheNextHoldersLock() throws IOException {
        MaildirLock first = acquire(Duration.ZERO);
        first.close();
        try (MaildirLock second = acquire(Duration.ZERO)) {
            first.close();
            assertThat(second.path()).exists();
        }
    }

    @Test
    void manyThreadsNeverHoldTheLockAtOnce() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (MaildirLock lock = acquire(Duration.ofSeconds(30))) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.sleep(1);
                            inside.decrementAndGet();
                            rounds.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(rounds.get()).isEqualTo(150);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
