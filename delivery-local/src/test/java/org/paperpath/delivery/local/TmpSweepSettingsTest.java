package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.directory.Directory;
import org.paperpath.directory.InMemoryDirectory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code paperpath.delivery-local.tmp-sweep-interval}: 1h by default, and a bad value stops the start. */
class TmpSweepSettingsTest {

    @TempDir
    Path data;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(Directory.class, InMemoryDirectory::new)
                .withUserConfiguration(DeliveryLocalConfiguration.class)
                .withPropertyValues("paperpath.kafka.bootstrap-servers=127.0.0.1:1", "paperpath.data-dir=" + data,
                        "paperpath.hostname=settings-test", "paperpath.delivery-local.enabled=false");
    }

    @Test
    void theSweepRunsHourlyByDefault() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TmpSweepSchedule.class).interval()).isEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void anIntervalUnderOneSecondStopsTheServiceNamingTheProperty() {
        runner().withPropertyValues("paperpath.delivery-local.tmp-sweep-interval=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("tmpSweepInterval");
        });
    }
}
