package org.paperpath.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpRequestDecoderTest {


    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void commandLinesAreFramedAtCrlf(int fragment) {
        Decoded decoded = decode(fragment, "EHLO client.test\r\nMAIL FROM:<a@b.test>\r\n");
        assertThat(decoded.lines).containsExactly("EHLO client.test", "MAIL FROM:<a@b.test>");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void bareLfDoesNotEndACommandLine(int fragment) {
        Decoded decoded = decode(fragment, "NOOP\nQUIT\r\n");
        assertThat(decoded.lines).containsExactly("NOOP\nQUIT");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void dataEndsAtCrlfDotCrlf(int fragment) {
        Decoded decoded = decode(fragment, "DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertThat(decoded.data()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(decoded.dataEnds).isEqualTo(1);
        assertThat(decoded.lines).containsExactly("DATA", "QUIT");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void emptyMessageEndsAtTheFirstDotLine(int fragment) {
        Decoded decoded = decode(fragment, "DATA\r\n.\r\n");
        assertThat(decoded.data()).isEmpty();
        assertThat(decoded.dataEnds).isEqualTo(1);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void leadingDotsAreUnstuffed(int fragment) {
        Decoded decoded = decode(fragment, "DATA\r\n..\r\n...x\r\n.y\r\na.b\r\n.\r\r\n.\r\n");
        assertThat(decoded.data()).isEqualTo(".\r\n..x\r\ny\r\na.b\r\n\r\r\n");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void bareLfAndBareCrNeverEndTheData(int fragment) {
        Decoded decoded = decode(fragment,
                "DATA\r\nA\n.\nB\r.\rC\n.\r\nD\r\n.\nE\r\n.\r\n");
        assertThat(decoded.dataEnds).isEqualTo(1);
        assertThat(decoded.data()).isEqualTo("A\n.\nB\r.\rC\n.\r\nD\r\n\nE\r\n");
        assertThat(decoded.lines).containsExactly("DATA");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void smugglingAttemptStaysInsideTheFirstMessage(int fragment) {
        Decoded decoded = decode(fragment,
                "DATA\r\nbody\r\n\n.\r\nMAIL FROM:<evil@x.test>\r\n.\r\n");
        assertThat(decoded.dataEnds).isEqualTo(1);
        assertThat(decoded.data()).isEqualTo("body\r\n\n.\r\nMAIL FROM:<evil@x.test>\r\n");
        assertThat(decoded.lines).containsExactly("DATA");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void overLongCommandLineIsReportedOnceAndTheNextLineStillParses(int fragment) {
        String tooLong = "NOOP " + "x".repeat(600) + "\r\n";
        Decoded decoded = decode(fragment, tooLong + "QUIT\r\n");
        assertThat(decoded.tooLong).isEqualTo(1);
        assertThat(decoded.lines).containsExactly("QUIT");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void lineOfExactly512OctetsIsAccepted(int fragment) {
        String line = "NOOP " + "x".repeat(512 - 2 - 5);
        Decoded decoded = decode(fragment, line + "\r\n" + line + "x\r\n");
        assertThat(decoded.lines).containsExactly(line);
        assertThat(decoded.tooLong).isEqualTo(1);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void bdatChunkIsPassedOnExactlyWithoutDotUnstuffing(int fragment) {
        Decoded decoded = decode(fragment, "BDAT 13\r\n..\r\n.\r\nQUIT\r\nBDAT 3 LAST\r\nabcNOOP\r\n");
        assertThat(decoded.data()).isEqualTo("..\r\n.\r\nQUIT\r\nabc");
        assertThat(decoded.chunkEnds).isEqualTo(2);
        assertThat(decoded.dataEnds).isZero();
        assertThat(decoded.lines).containsExactly("BDAT 13", "BDAT 3 LAST", "NOOP");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void bdatChunkMayHoldBareCrLfAndNulOctets(int fragment) {
        Decoded decoded = decode(fragment, "BDAT 6\r\n\r\u0000\n.\r\rDATA\r\n");
        assertThat(decoded.data()).isEqualTo("\r\u0000\n.\r\r");
        assertThat(decoded.lines).containsExactly("BDAT 6", "DATA");
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 3, 7})
    void anOverLongLineInsideAChunkIsContentNotAnError(int fragment) {
        String content = "x".repeat(700);
        Decoded decoded = decode(fragment, "BDAT 700\r\n" + content + "NOOP\r\n");
        assertThat(decoded.data()).isEqualTo(content);
        assertThat(decoded.tooLong).isZero();
        assertThat(decoded.lines).containsExactly("BDAT 700", "NOOP");
    }

    /**
     * Feeds {@code input} (whole, or in fragments) and switches to data mode after each DATA line,
     * and to a chunk after each {@code BDAT n}, like the session.
     */
    private static Decoded decode(int fragment, String input) {
        Decoded decoded = new Decoded();
        SmtpRequestDecoder decoder = new SmtpRequestDecoder(512);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof SmtpFrame.CommandLine line) {
                    decoded.lines.add(line.text());
                    if (line.text().equals("DATA")) {
                        decoder.startData();
                    } else if (line.text().startsWith("BDAT ")) {
                        decoder.startChunk(Long.parseLong(line.text().split(" ")[1]));
                    }
                } else if (msg instanceof SmtpFrame.DataChunk chunk) {
                    ByteBuf content = chunk.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    decoded.data.writeBytes(bytes);
                    chunk.release();
                } else if (msg == SmtpFrame.DataEnd.INSTANCE) {
                    decoded.dataEnds++;
                } else if (msg == SmtpFrame.ChunkEnd.INSTANCE) {
                    decoded.chunkEnds++;
                } else if (msg == SmtpFrame.LineTooLong.INSTANCE) {
                    decoded.tooLong++;
                }
            }
        });
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        int step = fragment == 0 ? bytes.length : fragment;
        for (int i = 0; i < bytes.length; i += step) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
        }
        assertThat(channel.finish()).isFalse();
        return decoded;
    }

    private static final class Decoded {
        final List<String> lines = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        int dataEnds;
        int chunkEnds;
        int tooLong;

        String data() {
            return data.toString(StandardCharsets.UTF_8);
        }
    }
}
