package org.paperpath.maildir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Messages are stored with LF line ends (as qmail and Dovecot store them); the {@code W=} size and
 * what POP3/IMAP send count CRLF. These two conversions are the only places that know it.
 */
final class LineEndings {

    private static final int MIN_BUFFER = 8 * 1024;
    private static final int MAX_BUFFER = 64 * 1024;

    /** Eight octets of a byte[] as one long (any alignment). */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long OCTET_ONES = 0x0101010101010101L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long ALL_CR = OCTET_ONES * '\r';
    private static final long ALL_LF = OCTET_ONES * '\n';

    private LineEndings() {
    }

    /** Writes {@code content} with CRLF turned into LF and fsyncs; returns {size on disk, size with CRLF}. */
    static long[] writeLf(InputStream content, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] sizes = writeLf(content, channel);
            channel.force(true);
            return sizes;
        }
    }

    /**
     * Writes {@code content} with CRLF turned into LF to {@code channel}, not yet synced (the caller
     * fsyncs when the rest of its work can share the flush); returns {size on disk, size with CRLF}.
     */
    static long[] writeLf(InputStream content, FileChannel channel) throws IOException {
        long size = 0;
        long lines = 0;
        // Sized by what the stream says it holds (a spooled body, a byte array): most messages are a
        // few KiB, and zeroing two 64 KiB buffers per delivery cost more CPU than converting them.
        // One buffer, converted in place (dropping a CR only ever moves octets towards the start).
        byte[] buf = new byte[(int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, content.available() + 1L))];
        ByteBuffer out = ByteBuffer.wrap(buf);
        // 1 when a CR ended the previous read: it waits at buf[0] to see whether an LF follows.
        int held = 0;
        int n;
        while ((n = content.read(buf, held, buf.length - held)) != -1) {
            int end = held + n;
            if (end == 0) {
                continue;
            }
            // A CR at the end of what was read waits for the next read.
            int limit = buf[end - 1] == '\r' ? end - 1 : end;
            int len = 0;
            int i = 0;
            // Eight octets at a time: a word without CR is kept whole (moved down if a CR was dropped
            // before it), and its LFs are counted with one bitCount; a word with a CR goes octet by octet.
            while (i + 8 <= limit) {
                long word = (long) WORDS.get(buf, i);
                lines += Long.bitCount(zeroOctets(word ^ ALL_LF));
                if (zeroOctets(word ^ ALL_CR) == 0) {
                    if (len != i) {
                        WORDS.set(buf, len, word);
                    }
                    len += 8;
                    i += 8;
                    continue;
                }
                for (int stop = i + 8; i < stop; i++) {
                    byte b = buf[i];
                    if (b != '\r' || buf[i + 1] != '\n') {
                        buf[len++] = b;
                    }
                }
            }
            for (; i < limit; i++) {
                byte b = buf[i];
                if (b == '\r') {
                    if (buf[i + 1] == '\n') {
                        continue;
                    }
                } else if (b == '\n') {
                    lines++;
                }
                buf[len++] = b;
            }
            write(channel, out, len);
            size += len;
            held = end - limit;
            if (held == 1) {
                buf[0] = '\r';
            }
        }
        if (held == 1) {
            write(channel, out, 1);
            size++;
        }
        return new long[] {size, size + lines};
    }

    /**
     * The high bit of every octet of {@code word} that is zero, and no other bit: exact (no carry from
     * one octet reaches the next, since the low seven bits are added apart from the high one).
     */
    static long zeroOctets(long word) {
        return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
    }

    private static void write(FileChannel channel, ByteBuffer out, int len) throws IOException {
        out.clear().limit(len);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /**
     * The size of {@code file} as sent with CRLF line ends, for files whose name carries no {@code W=}
     * (written by other software): a LF already preceded by CR (a Maildir stored with CRLF) adds nothing.
     */
    static long crlfSize(Path file) throws IOException {
        long size = 0;
        long bareLf = 0;
        int previous = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) != -1) {
                size += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n' && previous != '\r') {
                        bareLf++;
                    }
                    previous = buf[i];
                }
            }
        }
        return size + bareLf;
    }
}
