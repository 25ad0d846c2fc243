package org.paperpath.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stored message as the body of a RETR or TOP reply (RFC 1939 sections 3 and 7), read a chunk at a
 * time so a large message never sits in memory: bare LF becomes CRLF (an existing CRLF stays as it
 * is), a line starting with {@code .} gets another {@code .}, and the reply ends with CRLF (added if
 * the message lacks a final line end) and {@code .CRLF}. For TOP, the body is cut after
 * {@code bodyLines} lines.
 */
public final class Pop3MessageInput implements ChunkedInput<ByteBuf> {

    private static final int CHUNK = 8192;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final InputStream in;
    private final int bodyLines;
    private final byte[] buffer = new byte[CHUNK];
    private boolean previousCr;
    private boolean atLineStart = true;
    private boolean lineHasContent;
    private boolean inBody;
    private int bodyLinesSent;
    private boolean ended;
    private long written;

    /** @param bodyLines body lines to send after the header, or -1 for the whole message */
    public Pop3MessageInput(InputStream in, int bodyLines) {
        this.in = in;
        this.bodyLines = bodyLines;
    }

    @Override
    public boolean isEndOfInput() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (ended) {
            return null;
        }
        int read = bodyComplete() ? -1 : in.read(buffer);
        // Worst case every byte doubles (LF to CRLF, or dot-stuffing), plus the terminator.
        ByteBuf out = allocator.buffer(Math.max(read, 0) * 2 + 5);
        if (read < 0) {
            finish(out);
        } else {
            for (int i = 0; i < read && !bodyComplete(); i++) {
                write(buffer[i], out);
            }
            if (bodyComplete()) {
                finish(out);
            }
        }
        written += out.readableBytes();
        return out;
    }

    private void write(byte b, ByteBuf out) {
        if (b == LF) {
            if (!previousCr) {
                out.writeByte(CR);
            }
            out.writeByte(LF);
            endLine();
        } else {
            if (atLineStart && b == '.') {
                out.writeByte('.');
            }
            out.writeByte(b);
            atLineStart = false;
            if (b != CR) {
                lineHasContent = true;
            }
        }
        previousCr = b == CR;
    }

    private void endLine() {
        if (inBody) {
            bodyLinesSent++;
        } else if (!lineHasContent) {
            inBody = true; // the empty line between header and body (RFC 5322 section 2.1)
        }
        atLineStart = true;
        lineHasContent = false;
    }

    private boolean bodyComplete() {
        return bodyLines >= 0 && inBody && bodyLinesSent >= bodyLines;
    }

    private void finish(ByteBuf out) {
        if (!atLineStart) {
            if (!previousCr) {
                out.writeByte(CR);
            }
            out.writeByte(LF);
        }
        out.writeByte('.').writeByte(CR).writeByte(LF);
        ended = true;
    }

    @Override
    public long length() {
        return -1;
    }

    /** Octets produced so far, stuffing and terminator included. */
    @Override
    public long progress() {
        return written;
    }
}
