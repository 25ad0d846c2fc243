package org.paperpath.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class Pop3MessageInputTest {

    private static String transmit(String stored, int bodyLines) throws IOException {
        return transmit(new ByteArrayInputStream(stored.getBytes(StandardCharsets.ISO_8859_1)), bodyLines);
    }

    private static String transmit(InputStream in, int bodyLines) throws IOException {
        Pop3MessageInput input = new Pop3MessageInput(in, bodyLines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunks = 0;
        while (!input.isEndOfInput()) {
            ByteBuf chunk = input.readChunk(ByteBufAllocator.DEFAULT);
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.readBytes(bytes);
            chunk.release();
            out.write(bytes);
            chunks++;
            assertThat(chunks).as("chunks").isLessThan(100_000);
        }
        assertThat(input.progress()).isEqualTo(out.size());
        input.close();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void turnsBareLfIntoCrlfAndTerminates() throws IOException {
        assertThat(transmit("Subject: a\n\nbody\n", -1)).isEqualTo("Subject: a\r\n\r\nbody\r\n.\r\n");
    }

    @Test
    void leavesAnExistingCrlfAlone() throws IOException {
        assertThat(transmit("Subject: a\r\n\r\nbody\r\nmore\n", -1))
                .isEqualTo("Subject: a\r\n\r\nbody\r\nmore\r\n.\r\n");
    }

    @Test
    void stuffsLinesThatStartWithADot() throws IOException {
        assertThat(transmit("S: x\n\n.\n..two\n.a\nb.c\n", -1))
                .isEqualTo("S: x\r\n\r\n..\r\n...two\r\n..a\r\nb.c\r\n.\r\n");
    }

    @Test
    void endsAMessageWithoutFinalNewlineWithCrlfBeforeTheDot() throws IOException {
        assertThat(transmit("S: x\n\nlast", -1)).isEqualTo("S: x\r\n\r\nlast\r\n.\r\n");
        assertThat(transmit("", -1)).isEqualTo(".\r\n");
    }

    @Test
    void topSendsHeaderBlankLineAndTheFirstBodyLines() throws IOException {
        String stored = "A: 1\nB: 2\n\none\n.two\nthree\n";
        assertThat(transmit(stored, 0)).isEqualTo("A: 1\r\nB: 2\r\n\r\n.\r\n");
        assertThat(transmit(stored, 2)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\n..two\r\n.\r\n");
        assertThat(transmit(stored, 50)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\n..two\r\nthree\r\n.\r\n");
    }

    @Test
    void topFindsTheHeaderEndInCrlfFiles() throws IOException {
        assertThat(transmit("A: 1\r\n\r\none\r\ntwo\r\n", 1)).isEqualTo("A: 1\r\n\r\none\r\n.\r\n");
    }

    @Test
    void streamsALargeMessageInBoundedChunksAndClosesTheSource() throws IOException {
        long lines = 200_000; // 2.2 MB stored, never held whole
        AtomicBoolean closed = new AtomicBoolean();
        InputStream big = new InputStream() {
            private long position;

            @Override
            public int read() {
                if (position >= lines * 11) {
                    return -1;
                }
                return position++ % 11 == 10 ? '\n' : '.';
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        Pop3MessageInput input = new Pop3MessageInput(big, -1);
        long total = 0;
        int maxChunk = 0;
        while (!input.isEndOfInput()) {
            ByteBuf chunk = input.readChunk(ByteBufAllocator.DEFAULT);
            maxChunk = Math.max(maxChunk, chunk.readableBytes());
            total += chunk.readableBytes();
            chunk.release();
        }
        input.close();
        // each stored line "..........\n" (11) goes out as "...........\r\n" (13)
        assertThat(total).isEqualTo(lines * 13 + 3);
        assertThat(maxChunk).isLessThanOrEqualTo(2 * 8192 + 5);
        assertThat(closed).isTrue();
    }
}
