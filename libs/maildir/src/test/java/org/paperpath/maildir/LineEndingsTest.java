package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
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

    /**
     * The conversion (done in place in one buffer, a CR at the end of a read held for the next) against
     * the plain rule "every CRLF becomes LF, nothing else changes": random octets made mostly of CR, LF
     * and 'a', from 0 to 200 KiB (past the 8 and 64 KiB buffer sizes), handed over in random fragments
     * by a stream that may or may not say how much it holds.
     */
    @Test
    void randomContentInRandomFragmentsConvertsExactlyEveryCrlf() throws Exception {
        Random random = new Random(20261125);
        for (int round = 0; round < 600; round++) {
            int length = round % 10 == 0 ? random.nextInt(200 * 1024) : random.nextInt(20 * 1024);
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                int r = random.nextInt(10);
                content[i] = (byte) (r < 3 ? '\r' : r < 6 ? '\n' : r < 9 ? 'a' : random.nextInt(256));
            }
            byte[] expected = new String(content, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            long lfs = 0;
            for (byte b : expected) {
                if (b == '\n') {
                    lfs++;
                }
            }
            Path file = dir.resolve("r" + round);
            long[] sizes;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                sizes = LineEndings.writeLf(new Fragments(content, random.nextLong(), round % 2 == 0), channel);
            }
            assertThat(Files.readAllBytes(file)).as("round %d", round).isEqualTo(expected);
            assertThat(sizes).as("round %d", round).containsExactly(expected.length, expected.length + lfs);
            Files.delete(file);
        }
    }

    /** Hands its content over in fragments of 1 to 3000 octets; {@code available()} is 0 unless told. */
    private static final class Fragments extends InputStream {
        private final byte[] content;
        private final Random random;
        private final boolean tellsAvailable;
        private int at;

        Fragments(byte[] content, long seed, boolean tellsAvailable) {
            this.content = content;
            this.random = new Random(seed);
            this.tellsAvailable = tellsAvailable;
        }

        @Override
        public int read() {
            return at < content.length ? content[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= content.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, content.length - at), 1 + random.nextInt(random.nextBoolean() ? 3 : 3000));
            System.arraycopy(content, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            return tellsAvailable ? content.length - at : 0;
        }
    }
}
