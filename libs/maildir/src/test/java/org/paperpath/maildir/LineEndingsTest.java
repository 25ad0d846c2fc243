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
            assertConverts(content, random, round);
        }
    }

    /**
     * The same check with line ends as sparse as in real mail, so that most eight-octet words hold no
     * CR and take the word-at-a-time path: CRLF, lone CR and lone LF at every offset within a word
     * and across the end of a fragment, next to octets that differ from CR or LF only in the high bit.
     */
    @Test
    void sparseLineEndsConvertExactlyOnTheWordAtATimePath() throws Exception {
        Random random = new Random(20261126);
        byte[] others = {'a', (byte) 0x8d, (byte) 0x8a, 0, (byte) 0xff, 0x0c, 0x0e, 0x0b};
        for (int round = 0; round < 600; round++) {
            int length = random.nextInt(round % 10 == 0 ? 150 * 1024 : 9 * 1024);
            int every = 1 + random.nextInt(round % 3 == 0 ? 8 : 120);
            byte[] content = new byte[length];
            for (int i = 0; i < length; i++) {
                content[i] = others[random.nextInt(others.length)];
                if (random.nextInt(every) == 0) {
                    int kind = random.nextInt(4);
                    if (kind < 2 && i + 1 < length) {
                        content[i++] = '\r';
                        content[i] = '\n';
                    } else {
                        content[i] = (byte) (kind == 2 ? '\r' : '\n');
                    }
                }
            }
            assertConverts(content, random, round);
        }
    }

    @Test
    void zeroOctetsMarksExactlyTheZeroOctets() {
        Random random = new Random(7);
        for (int round = 0; round < 100_000; round++) {
            long word = random.nextLong();
            for (int octet = 0; octet < 8; octet++) {
                if (random.nextInt(3) == 0) {
                    word &= ~(0xffL << (8 * octet));
                } else if (random.nextInt(3) == 0) {
                    word = (word & ~(0xffL << (8 * octet))) | ((long) (random.nextBoolean() ? 0x80 : 0x01) << (8 * octet));
                }
            }
            long expected = 0;
            for (int octet = 0; octet < 8; octet++) {
                if (((word >>> (8 * octet)) & 0xff) == 0) {
                    expected |= 0x80L << (8 * octet);
                }
            }
            assertThat(LineEndings.zeroOctets(word)).as("%016x", word).isEqualTo(expected);
        }
    }

    private void assertConverts(byte[] content, Random random, int round) throws Exception {
        byte[] expected = new String(content, StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        long lfs = 0;
        for (byte b : expected) {
            if (b == '\n') {
                lfs++;
            }
        }
        Path file = dir.resolve("s" + round);
        long[] sizes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            sizes = LineEndings.writeLf(new Fragments(content, random.nextLong(), round % 2 == 0), channel);
        }
        assertThat(Files.readAllBytes(file)).as("round %d", round).isEqualTo(expected);
        assertThat(sizes).as("round %d", round).containsExactly(expected.length, expected.length + lfs);
        Files.delete(file);
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
