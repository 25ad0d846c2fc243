package org.paperpath.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImapRequestDecoderTest {

    private static final int LIMIT = 8192;

    private static List<Object> decode(String input, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapRequestDecoder(LIMIT));
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        int step = chunk == 0 ? bytes.length : chunk;
        for (int i = 0; i < bytes.length; i += step) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
        }
        List<Object> out = new ArrayList<>();
        for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
            out.add(o);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void splitsLines(int chunk) {
        assertThat(decode("a NOOP\r\nb CAPABILITY\nc LOG", chunk)).containsExactly("a NOOP", "b CAPABILITY");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void reportsALineOverEightKibibytesInOrder(int chunk) {
        String longest = "a " + "X".repeat(LIMIT - 4);
        assertThat(decode(longest + "\r\n" + longest + "X\r\nb NOOP\r\n", chunk))
                .containsExactly(longest, ImapLineTooLong.INSTANCE, "b NOOP");
    }
}
