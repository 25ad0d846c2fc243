package org.paperpath.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineDecoderTest {

    private static final int LIMIT = 255;

    /** Feeds {@code input} in pieces of {@code chunk} bytes (0: all at once) and collects what comes out. */
    private static List<Object> decode(String input, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new CommandLineDecoder(LIMIT));
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
    void splitsLinesAtCrlfAndBareLf(int chunk) {
        assertThat(decode("USER a@b\r\nPASS x y\nSTAT\r\n", chunk)).containsExactly("USER a@b", "PASS x y", "STAT");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void holdsAnUnfinishedLine(int chunk) {
        assertThat(decode("NOOP\r\nSTA", chunk)).containsExactly("NOOP");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void acceptsALineOfExactlyTheLimitWithItsCrlf(int chunk) {
        String longest = "X".repeat(LIMIT - 2);
        assertThat(decode(longest + "\r\nNOOP\r\n", chunk)).containsExactly(longest, "NOOP");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void reportsAnOverlongLineOnceAndInOrder(int chunk) {
        String tooLong = "X".repeat(LIMIT - 1);
        assertThat(decode("STAT\r\n" + tooLong + "\r\nNOOP\r\n", chunk))
                .containsExactly("STAT", LineTooLong.INSTANCE, "NOOP");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void discardsAVeryLongLineWithoutBufferingIt(int chunk) {
        assertThat(decode("Y".repeat(5000) + "\nQUIT\r\n", chunk)).containsExactly(LineTooLong.INSTANCE, "QUIT");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void emptyLinesAreLines(int chunk) {
        assertThat(decode("\r\n\n", chunk)).containsExactly("", "");
    }
}
