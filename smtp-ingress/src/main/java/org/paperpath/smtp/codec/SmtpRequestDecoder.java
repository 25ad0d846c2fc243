package org.paperpath.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames what an SMTP client sends: CRLF-terminated command lines (RFC 5321 section 2.3.8), and
 * after {@link #startData()} the mail data up to CRLF.CRLF with dot-unstuffing (section 4.5.2).
 *
 * <p>Only CRLF ends a line: a bare LF or bare CR never ends a command line nor the data, so a
 * {@code \n.\n} inside the content cannot smuggle a second message past us. A {@code decode} call
 * stops after any frame that may change the mode (a command line, the data end), so a switch made
 * by the next handler applies to the very next octet.
 *
 * <p>After {@link #startChunk(long)} exactly that many octets are passed on as they are (RFC 3030
 * BDAT: no dot-stuffing, no line framing), then {@link SmtpFrame.ChunkEnd}.
 */
public final class SmtpRequestDecoder extends ByteToMessageDecoder {

    /** Where in the data stream the last octet left us. */
    private enum DataState { LINE_START, MID_LINE, AFTER_CR, DOT_AT_LINE_START, DOT_CR_AT_LINE_START }

    private final int maxLineLength;
    private boolean dataMode;
    private long chunkRemaining;
    private boolean paused;
    private boolean discardingLongLine;
    private DataState dataState = DataState.LINE_START;

    /** @param maxLineLength the longest command line in octets, CRLF included (512 in RFC 5321) */
    public SmtpRequestDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    /** Switches to mail data: called once the 354 reply is decided. */
    public void startData() {
        dataMode = true;
        dataState = DataState.LINE_START;
    }

    /** Passes the next {@code size} octets on unframed (a BDAT chunk); {@code size} must be positive. */
    public void startChunk(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
        chunkRemaining = size;
    }

    /**
     * Drops every octet received but not yet decoded. After STARTTLS's 220 whatever the client sent
     * in clear behind the command must not be read as if it came over TLS (RFC 3207 section 5,
     * the CVE-2011-0411 command injection).
     */
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
    }

    /** Stops emitting frames (octets keep accumulating) while a reply is outstanding. */
    public void pause() {
        paused = true;
    }

    /** Emits frames again, decoding what accumulated meanwhile. */
    public void resume(ChannelHandlerContext ctx) {
        paused = false;
        if (internalBuffer().isReadable()) {
            ctx.pipeline().fireChannelRead(ctx.alloc().buffer(0));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (paused) {
            return;
        }
        if (chunkRemaining > 0) {
            decodeChunk(in, out);
        } else if (dataMode) {
            decodeData(in, out);
        } else {
            decodeLine(in, out);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (paused) {
            ctx.fireChannelReadComplete();
        } else {
            super.channelReadComplete(ctx);
        }
    }

    private void decodeChunk(ByteBuf in, List<Object> out) {
        int length = (int) Math.min(in.readableBytes(), chunkRemaining);
        if (length > 0) {
            out.add(new SmtpFrame.DataChunk(in.readRetainedSlice(length)));
            chunkRemaining -= length;
        }
        if (chunkRemaining == 0) {
            out.add(SmtpFrame.ChunkEnd.INSTANCE);
        }
    }

    private void decodeLine(ByteBuf in, List<Object> out) {
        int end = indexOfCrlf(in);
        if (end < 0) {
            if (discardingLongLine || in.readableBytes() >= maxLineLength) {
                discardingLongLine = true;
                int keep = in.getByte(in.writerIndex() - 1) == '\r' ? 1 : 0;
                in.skipBytes(in.readableBytes() - keep);
            }
            return;
        }
        int length = end - in.readerIndex();
        if (discardingLongLine || length + 2 > maxLineLength) {
            discardingLongLine = false;
            in.readerIndex(end + 2);
            out.add(SmtpFrame.LineTooLong.INSTANCE);
            return;
        }
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.readerIndex(end + 2);
        out.add(new SmtpFrame.CommandLine(text));
    }

    private static int indexOfCrlf(ByteBuf in) {
        int from = in.readerIndex();
        while (true) {
            int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            if (lf > in.readerIndex() && in.getByte(lf - 1) == '\r') {
                return lf - 1;
            }
            from = lf + 1;
        }
    }

    /**
     * Passes the readable data octets on as slices of the input, dropping the first dot of each line
     * that starts with one. Only a dot right after CRLF needs any action, so the octets between two
     * such dots go on as one slice without being copied or looked at one by one: each step finds
     * the next LF and looks at its neighbours. A held dot (or dot and CR) is decided by the next
     * octet, which may come in a later read.
     */
    private void decodeData(ByteBuf in, List<Object> out) {
        boolean ended = false;
        while (in.isReadable() && !ended) {
            int at = in.readerIndex();
            switch (dataState) {
                case LINE_START:
                    if (in.getByte(at) == '.') {
                        in.skipBytes(1);
                        dataState = DataState.DOT_AT_LINE_START;
                    } else {
                        dataState = DataState.MID_LINE;
                    }
                    break;
                case DOT_AT_LINE_START:
                    if (in.getByte(at) == '\r') {
                        in.skipBytes(1);
                        dataState = DataState.DOT_CR_AT_LINE_START;
                    } else {
                        dataState = DataState.MID_LINE;
                    }
                    break;
                case DOT_CR_AT_LINE_START:
                    if (in.getByte(at) == '\n') {
                        in.skipBytes(1);
                        ended = true;
                    } else {
                        // ".\r" then anything but LF: the held CR is content, and the octet after it
                        // is read as the one after any CR.
                        out.add(new SmtpFrame.DataChunk(Unpooled.wrappedBuffer(new byte[] {'\r'})));
                        dataState = DataState.AFTER_CR;
                    }
                    break;
                case AFTER_CR:
                    if (in.getByte(at) == '\n') {
                        out.add(new SmtpFrame.DataChunk(in.readRetainedSlice(1)));
                        dataState = DataState.LINE_START;
                    } else {
                        dataState = DataState.MID_LINE;
                    }
                    break;
                default:
                    passToLineStartDot(in, out);
                    break;
            }
        }
        if (ended) {
            dataMode = false;
            out.add(SmtpFrame.DataEnd.INSTANCE);
        }
    }

    /**
     * In {@link DataState#MID_LINE}: passes on everything up to the next dot that starts a line (or
     * up to a CRLF at the end of what arrived, whose next octet is not known yet), and sets the state
     * for the octet after it. A bare LF, or an LF after a CR that came in an earlier read as part of
     * this line, is content: CR and LF must both be here to end a line.
     */
    private void passToLineStartDot(ByteBuf in, List<Object> out) {
        int from = in.readerIndex();
        int end = in.writerIndex();
        int search = from;
        while (true) {
            int lf = in.indexOf(search, end, (byte) '\n');
            if (lf < 0) {
                out.add(new SmtpFrame.DataChunk(in.readRetainedSlice(end - from)));
                dataState = in.getByte(end - 1) == '\r' ? DataState.AFTER_CR : DataState.MID_LINE;
                return;
            }
            boolean crlf = lf > from && in.getByte(lf - 1) == '\r';
            if (crlf && (lf + 1 == end || in.getByte(lf + 1) == '.')) {
                out.add(new SmtpFrame.DataChunk(in.readRetainedSlice(lf + 1 - from)));
                dataState = DataState.LINE_START;
                return;
            }
            search = lf + 1;
        }
    }
}
