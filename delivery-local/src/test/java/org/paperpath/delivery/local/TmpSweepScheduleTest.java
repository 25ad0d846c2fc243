package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmpSweepScheduleTest {

    @TempDir
    Path data;

    @Test
    void aStartedScheduleSweepsAndAStoppedOneIsNotRunning() throws Exception {
        Path stale = data.resolve("mail/example.org/alice/tmp/1.crashed");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(40))));
        TmpSweepSchedule schedule = new TmpSweepSchedule(
                new TmpSweeper(data.resolve("mail"), "node1", Clock.systemUTC(), new SimpleMeterRegistry()),
                Duration.ofSeconds(1), true);

        schedule.start();
        try {
            assertThat(schedule.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(stale));
        } finally {
            schedule.stop();
        }
        assertThat(schedule.isRunning()).isFalse();
    }

    @Test
    void aDisabledServiceDoesNotSweep() {
        TmpSweepSchedule schedule = new TmpSweepSchedule(
                new TmpSweeper(data.resolve("mail"), "node1", Clock.systemUTC(), new SimpleMeterRegistry()),
                Duration.ofSeconds(1), false);

        schedule.start();

        assertThat(schedule.isRunning()).isFalse();
    }
}
