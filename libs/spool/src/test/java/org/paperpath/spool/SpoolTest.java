package org.paperpath.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32C;
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
    void aPublishedBodyIsWholeUnderItsReferenceBeforeItIsForcedAndStaysAfter() throws Exception {
        Spool spool = new Spool(dir);
        byte[] body = "Subject: x\r\n\r\npublished first\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SpoolWriter writer = spool.create(QueueId.generate())) {
            writer.write(java.nio.ByteBuffer.wrap(body, 0, 10));
            writer.write(java.nio.ByteBuffer.wrap(body, 10, body.length - 10));
            String ref = writer.publish();
            CRC32C crc = new CRC32C();
            crc.update(body);
            assertThat(writer.crc32c()).isEqualTo(crc.getValue());

            assertThat(spool.check(ref, body.length, crc.getValue())).isEqualTo(Spool.BodyCheck.WHOLE);
            assertThat(spool.pendingCount()).isZero();
            writer.force();
            assertThat(spool.check(ref, body.length, crc.getValue())).isEqualTo(Spool.BodyCheck.WHOLE);
        }
        assertThat(spool.count()).as("closing a published writer keeps the body").isEqualTo(1);
    }

    @Test
    void aBodyIsWholeOnlyWithItsSizeAndChecksum() throws Exception {
        Spool spool = new Spool(dir);
        byte[] body = new byte[200_000];
        new java.util.Random(7).nextBytes(body);
        String ref;
        long crc;
        try (SpoolWriter writer = spool.create(QueueId.generate())) {
            writer.write(body);
            ref = writer.commit();
            crc = writer.crc32c();
        }
        assertThat(spool.check(ref, body.length, crc)).isEqualTo(Spool.BodyCheck.WHOLE);
        assertThat(spool.check(ref, body.length + 1, crc)).as("longer").isEqualTo(Spool.BodyCheck.DAMAGED);
        assertThat(spool.check(ref, body.length, crc ^ 1)).as("other checksum").isEqualTo(Spool.BodyCheck.DAMAGED);

        byte[] holed = body.clone();
        java.util.Arrays.fill(holed, 70_000, 140_000, (byte) 0);
        Files.write(dir.resolve(ref), holed);
        assertThat(spool.check(ref, body.length, crc)).as("a hole of zeros, same size").isEqualTo(Spool.BodyCheck.DAMAGED);
        Files.write(dir.resolve(ref), java.util.Arrays.copyOf(body, 4096));
        assertThat(spool.check(ref, body.length, crc)).as("short").isEqualTo(Spool.BodyCheck.DAMAGED);
        spool.delete(ref);
        assertThat(spool.check(ref, body.length, crc)).as("missing").isEqualTo(Spool.BodyCheck.MISSING);
    }

    @Test
    void aPublishThatCannotRenameLeavesNothing() throws Exception {
        Spool spool = new Spool(dir);
        QueueId id = QueueId.generate();
        // A plain file where the body's directory should be: the rename cannot succeed.
        Files.writeString(dir.resolve(Spool.refOf(id).substring(0, 2)), "in the way");
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(new byte[] {'x'});
            assertThatThrownBy(writer::publish).isInstanceOf(java.io.IOException.class);
        }
        assertThat(spool.pendingCount()).isZero();
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
