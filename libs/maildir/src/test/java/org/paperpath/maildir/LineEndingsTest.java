package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineEndingsTest {

    @TempDir
    Path dir;

    @Test
    void writesLfAndReportsBothSizes() throws Exception {
        Path file = dir.resolve("m");
        long[] sizes = LineEndings.writeLf(new ByteArrayInputStream("a\r\nb\r\n\r\nc".getBytes(StandardCharsets.US_ASCII)), file);
        assertThat(Files.readString(file)).isEqualTo("a\nb\n\nc");
        assertThat(sizes).containsExactly(6, 9);
    }

    @Test
    void crlfSizeOfAnLfFileCountsEveryLineEnd() throws Exception {
        Path file = Files.writeString(dir.resolve("lf"), "a\nb\n");
        assertThat(LineEndings.crlfSize(file)).isEqualTo(6);
    }

    @Test
    void crlfSizeOfAFileAlreadyStoredWithCrlfIsItsSize() throws Exception {
        Path file = Files.writeString(dir.resolve("crlf"), "a\r\nb\r\nc\n");
        assertThat(LineEndings.crlfSize(file)).isEqualTo(Files.size(file) + 1);
    }
}
