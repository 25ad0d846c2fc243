package org.paperpath.imap.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the client's bytes into command lines ({@code String}, terminator removed; RFC 3501 section
 * 2.2.1, literals not supported yet). A line ends at LF; a CR before it is dropped. A line longer
 * than {@code maxLineLength} octets, terminator included, is discarded up to its end and reported as
 * one {@link ImapLineTooLong}, so the reply stays in order with the commands around it.
 */
public final class ImapRequestDecoder extends ByteToMessageDecoder {

    private final int maxLineLength;
    private boolean discarding;

    public ImapRequestDecoder(int maxLineLength) {
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
                out.add(ImapLineTooLong.INSTANCE);
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
