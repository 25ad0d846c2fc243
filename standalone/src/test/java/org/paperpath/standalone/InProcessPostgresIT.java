package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-machine database must be as durable as the mail it describes. */
class InProcessPostgresIT {

    @TempDir
    Path tmp;

    @Test
    void runsWithFsyncAndSynchronousCommitOnAndKeepsItsClusterAcrossRestarts() throws Exception {
        Path cluster = tmp.resolve("postgres");
        try (InProcessPostgres postgres = InProcessPostgres.start(cluster, 0)) {
            assertThat(postgres.setting("fsync")).isEqualTo("on");
            assertThat(postgres.setting("synchronous_commit")).isEqualTo("on");
        }
        try (InProcessPostgres again = InProcessPostgres.start(cluster, 0)) {
            assertThat(again.setting("fsync")).isEqualTo("on");
        }
    }
}
