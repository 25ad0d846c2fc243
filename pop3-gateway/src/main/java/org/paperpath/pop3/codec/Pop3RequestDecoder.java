package org.paperpath.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the client's bytes into command lines ({@code String}, terminator removed). A line ends at
 * LF; a CR before it is dropped. A line longer than {@code maxLineLength} octets, terminator
 * included (RFC 2449 section 4: 255), is discarded up to its end and reported as one
 * {@link Pop3LineTooLong}, so the reply stays in order with the commands around it.
 */
public final class Pop3RequestDecoder extends ByteToMessageDecoder {

    private final int maxLineLength;
    private boolean discarding;

    public Pop3RequestDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (end < 0) {
                if (discarding || in.readableBytes() > maxLineLength) {
                    discarding = true;
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int length = end - in.readerIndex() + 1;
            if (discarding || length > maxLineLength) {
                discarding = false;
                in.skipBytes(length);
                out.add(Pop3LineTooLong.INSTANCE);
                continue;
            }
            int content = length - 1;
            if (content > 0 && in.getByte(end - 1) == '\r') {
                content--;
            }
            out.add(in.toString(in.readerIndex(), content, StandardCharsets.UTF_8));
            in.skipBytes(length);
        }
    }
}
