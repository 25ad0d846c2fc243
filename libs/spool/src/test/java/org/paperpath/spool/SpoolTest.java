package org.paperpath.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.model.QueueId;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void committedBodyIsReadableUnderItsReferenceAndTmpIsEmpty() throws Exception {
        Spool spool = new Spool(dir);
        QueueId id = QueueId.generate();
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            ref = writer.commit();
        }
        assertThat(ref).endsWith("/" + id.value());
        try (InputStream in = spool.open(ref)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\r\n\r\nbody\r\n");
        }
        assertThat(spool.pendingCount()).isZero();
        assertThat(spool.count()).isEqualTo(1);
    }

    @Test
    void closingWithoutCommitLeavesNoResidue() throws Exception {
        Spool spool = new Spool(dir);
        try (SpoolWriter writer = spool.create(QueueId.generate())) {
            writer.write(new byte[1000]);
        }
        assertThat(spool.pendingCount()).isZero();
        assertThat(spool.count()).isZero();
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        Spool spool = new Spool(dir);
        String ref;
        try (SpoolWriter writer = spool.create(QueueId.generate())) {
            writer.write(new byte[] {'x'});
            ref = writer.commit();
        }
        assertThat(spool.delete(ref)).isTrue();
        assertThat(spool.delete(ref)).isFalse();
        assertThat(spool.exists(ref)).isFalse();
    }

    @Test
    void referencesThatCouldEscapeTheSpoolAreRefused() throws Exception {
        Spool spool = new Spool(dir);
        for (String hostile : new String[] {"../etc/passwd", "AB/../../x", "/etc/passwd", "", "AB/cdef"}) {
            assertThatThrownBy(() -> spool.open(hostile)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sweepRemovesOnlyOldTmpFiles() throws Exception {
        Spool spool = new Spool(dir);
        SpoolWriter abandoned = spool.create(QueueId.generate());
        abandoned.write(new byte[] {'x'});
        assertThat(spool.sweepTmp(Duration.ofHours(1))).isZero();
        assertThat(spool.sweepTmp(Duration.ofMillis(-1))).isEqualTo(1);
        assertThat(spool.pendingCount()).isZero();
    }
}
