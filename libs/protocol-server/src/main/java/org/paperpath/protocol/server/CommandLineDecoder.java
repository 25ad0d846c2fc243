package org.paperpath.protocol.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a line protocol's client bytes into command lines ({@code String}, terminator removed) for
 * POP3 and IMAP. A line ends at LF; a CR before it is dropped. A line longer than
 * {@code maxLineLength} octets, terminator included, is discarded up to its end and reported as one
 * {@link LineTooLong}, so its error reply stays in order with the commands around it. Framing state
 * only; fragment-safe.
 */
public final class CommandLineDecoder extends ByteToMessageDecoder {

    private final int maxLineLength;
    private boolean discarding;

    public CommandLineDecoder(int maxLineLength) {
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
                out.add(LineTooLong.INSTANCE);
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
