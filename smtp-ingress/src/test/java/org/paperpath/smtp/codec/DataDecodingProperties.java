package org.paperpath.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The mail data decoder, which passes data on in slices between the dots that start lines, against
 * the rules of RFC 5321 section 4.5.2 applied one octet at a time ({@link #reference}): for any
 * octets made mostly of CR, LF and dots, cut into any fragments, both find the same end of data,
 * the same content, and leave the same octets for the command that follows.
 */
class DataDecodingProperties {

    @Property(tries = 3000)
    void slicedDecodingMatchesOctetByOctetRules(@ForAll("smtpData") byte[] stream,
            @ForAll("cuts") List<Integer> cuts) {
        Expected expected = reference(stream);
        Actual actual = decode(stream, cuts, expected.rest.length);

        assertThat(actual.ended).isEqualTo(expected.ended);
        assertThat(actual.data.toByteArray()).isEqualTo(expected.content.toByteArray());
        assertThat(actual.rest.toByteArray()).isEqualTo(expected.rest);
    }

    @Provide
    Arbitrary<byte[]> smtpData() {
        Arbitrary<Byte> octet = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just((byte) '\r')),
                net.jqwik.api.Tuple.of(4, Arbitraries.just((byte) '\n')),
                net.jqwik.api.Tuple.of(4, Arbitraries.just((byte) '.')),
                net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) 'a', (byte) 'Q', (byte) 0, (byte) 0xff)));
        return octet.list().ofMaxSize(300).map(octets -> {
            byte[] bytes = new byte[octets.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = octets.get(i);
            }
            return bytes;
        });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 40).list().ofMaxSize(30);
    }

    /** What the data decoder must produce: RFC 5321's rules, one octet at a time. */
    private static Expected reference(byte[] stream) {
        Expected expected = new Expected();
        // Feeding starts at a line start: the data begins right after "DATA" CRLF.
        int i = 0;
        boolean lineStart = true;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (i < stream.length) {
            // Collect one line up to and including CRLF, or to the end of the stream.
            line.reset();
            int start = i;
            boolean crlf = false;
            while (i < stream.length) {
                byte b = stream[i++];
                line.write(b);
                if (b == '\n' && i - start >= 2 && stream[i - 2] == '\r') {
                    crlf = true;
                    break;
                }
            }
            byte[] bytes = line.toByteArray();
            if (lineStart && crlf && bytes.length == 3 && bytes[0] == '.') {
                expected.ended = true;
                expected.rest = java.util.Arrays.copyOfRange(stream, i, stream.length);
                return expected;
            }
            if (!crlf) {
                // An unfinished line: its octets are decided but for a leading dot or a held ".\r".
                expected.pendingTail(bytes, lineStart);
                return expected;
            }
            int from = lineStart && bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
            expected.content.write(bytes, from, bytes.length - from);
            lineStart = true;
        }
        return expected;
    }

    /**
     * Feeds {@code stream} in pieces of the lengths {@code cuts} gives (the rest at once). What follows
     * the end of data is taken as one BDAT-style chunk of the length the reference left over, so the
     * octets the decoder leaves for the next command can be compared too.
     */
    private static Actual decode(byte[] stream, List<Integer> cuts, int restLength) {
        Actual actual = new Actual();
        SmtpRequestDecoder decoder = new SmtpRequestDecoder(512);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof SmtpFrame.DataChunk chunk) {
                    ByteBuf content = chunk.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    actual.content.writeBytes(bytes);
                    chunk.release();
                } else if (msg == SmtpFrame.DataEnd.INSTANCE) {
                    actual.ended = true;
                    actual.content = actual.rest;
                    if (restLength > 0) {
                        decoder.startChunk(restLength);
                    }
                }
            }
        });
        decoder.startData();
        int at = 0;
        for (int cut : cuts) {
            if (at >= stream.length) {
                break;
            }
            int length = Math.min(cut, stream.length - at);
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, length));
            at += length;
        }
        if (at < stream.length) {
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, stream.length - at));
        }
        channel.finishAndReleaseAll();
        return actual;
    }

    private static final class Expected {
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        boolean ended;
        byte[] rest = new byte[0];

        /**
         * The content an unfinished last line already gives away: all of it but a leading dot of a
         * line start, and a ".\r" held at a line start until its next octet arrives.
         */
        void pendingTail(byte[] bytes, boolean lineStart) {
            int from = lineStart && bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
            int to = bytes.length;
            if (lineStart && bytes.length == 2 && bytes[0] == '.' && bytes[1] == '\r') {
                to = 1;
            }
            content.write(bytes, from, Math.max(0, to - from));
        }
    }

    /** Content until the end of data, then (in {@link #rest}) the octets after it. */
    private static final class Actual {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final ByteArrayOutputStream rest = new ByteArrayOutputStream();
        ByteArrayOutputStream content = data;
        boolean ended;
    }
}
