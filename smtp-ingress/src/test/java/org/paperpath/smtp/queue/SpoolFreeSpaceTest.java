package org.paperpath.smtp.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real volume of a temporary directory, through {@link java.nio.file.FileStore#getUsableSpace()}. */
class SpoolFreeSpaceTest {

    @TempDir
    Path spool;

    @Test
    void aWritableSpoolWithSpaceAboveTheMinimumIsAvailable() throws IOException {
        long usable = Files.getFileStore(spool).getUsableSpace();
        assertThat(new SpoolFreeSpace(spool, usable / 2, SpoolFreeSpace.FILE_STORE).status())
                .isEqualTo(SpoolCapacity.Status.AVAILABLE);
        assertThat(new SpoolFreeSpace(spool, 0, SpoolFreeSpace.FILE_STORE).status())
                .isEqualTo(SpoolCapacity.Status.AVAILABLE);
    }

    @Test
    void aMinimumAboveTheVolumesUsableSpaceIsLow() throws IOException {
        long usable = Files.getFileStore(spool).getUsableSpace();
        assertThat(new SpoolFreeSpace(spool, usable + (1L << 40), SpoolFreeSpace.FILE_STORE).status())
                .isEqualTo(SpoolCapacity.Status.LOW);
    }

    @Test
    void aRemovedSpoolDirectoryIsUnwritable() throws IOException {
        SpoolFreeSpace capacity = new SpoolFreeSpace(spool, 0, SpoolFreeSpace.FILE_STORE);
        Files.delete(spool);
        assertThat(capacity.status()).isEqualTo(SpoolCapacity.Status.UNWRITABLE);

        Files.createDirectory(spool);
        assertThat(capacity.status()).as("back once it exists again").isEqualTo(SpoolCapacity.Status.AVAILABLE);
    }

    @Test
    void aSpoolPathThatIsAFileIsUnwritable() throws IOException {
        Path file = Files.createFile(spool.resolve("not-a-directory"));
        assertThat(new SpoolFreeSpace(file, 0, SpoolFreeSpace.FILE_STORE).status())
                .isEqualTo(SpoolCapacity.Status.UNWRITABLE);
    }

    @Test
    void aVolumeThatCannotBeAskedIsUnwritable() {
        SpoolFreeSpace capacity = new SpoolFreeSpace(spool, 0, path -> {
            throw new IOException("stale NFS handle");
        });
        assertThat(capacity.status()).isEqualTo(SpoolCapacity.Status.UNWRITABLE);
    }

    @Test
    void theThresholdIsInclusiveOfTheMinimum() {
        assertThat(new SpoolFreeSpace(spool, 1000, path -> 1000).status()).isEqualTo(SpoolCapacity.Status.AVAILABLE);
        assertThat(new SpoolFreeSpace(spool, 1000, path -> 999).status()).isEqualTo(SpoolCapacity.Status.LOW);
    }

    @Test
    void aNegativeMinimumIsRefused() {
        assertThatThrownBy(() -> new SpoolFreeSpace(spool, -1, SpoolFreeSpace.FILE_STORE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
