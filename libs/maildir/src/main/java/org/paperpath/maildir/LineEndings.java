package org.paperpath.maildir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
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
        OutputStream out = Channels.newOutputStream(channel);
        // Sized by what the stream says it holds (a spooled body, a byte array): most messages are a
        // few KiB, and zeroing two 64 KiB buffers per delivery cost more CPU than converting them.
        int capacity = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, content.available() + 1L));
        byte[] in = new byte[capacity];
        byte[] buf = new byte[capacity + 1];
        boolean pendingCr = false;
        int n;
        while ((n = content.read(in)) != -1) {
            int len = 0;
            for (int i = 0; i < n; i++) {
                byte b = in[i];
                if (pendingCr) {
                    pendingCr = false;
                    if (b != '\n') {
                        buf[len++] = '\r';
                    }
                }
                if (b == '\r') {
                    pendingCr = true;
                } else {
                    if (b == '\n') {
                        lines++;
                    }
                    buf[len++] = b;
                }
            }
            out.write(buf, 0, len);
            size += len;
        }
        if (pendingCr) {
            out.write('\r');
            size++;
        }
        out.flush();
        return new long[] {size, size + lines};
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
