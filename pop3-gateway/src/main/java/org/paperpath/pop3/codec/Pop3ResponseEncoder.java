package org.paperpath.pop3.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import org.paperpath.pop3.protocol.Pop3Reply;

/**
 * Writes replies (RFC 1939 section 3): the status line, and for a listing its byte-stuffed lines and
 * the terminating {@code .}. A {@link Pop3Reply.Message} gets its status line only: its body follows
 * as a {@link Pop3MessageInput} through the chunked writer.
 */
public final class Pop3ResponseEncoder extends MessageToByteEncoder<Pop3Reply> {

    public Pop3ResponseEncoder() {
        super(Pop3Reply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pop3Reply reply, ByteBuf out) {
        if (reply instanceof Pop3Reply.Ok) {
            status(out, "+OK", ((Pop3Reply.Ok) reply).text());
        } else if (reply instanceof Pop3Reply.Err) {
            status(out, "-ERR", ((Pop3Reply.Err) reply).text());
        } else if (reply instanceof Pop3Reply.Listing) {
            Pop3Reply.Listing listing = (Pop3Reply.Listing) reply;
            status(out, "+OK", listing.text());
            for (String line : listing.lines()) {
                if (line.startsWith(".")) {
                    out.writeByte('.');
                }
                out.writeCharSequence(line, StandardCharsets.UTF_8);
                out.writeByte('\r').writeByte('\n');
            }
            out.writeByte('.').writeByte('\r').writeByte('\n');
        } else if (reply instanceof Pop3Reply.Message) {
            status(out, "+OK", ((Pop3Reply.Message) reply).text());
        }
    }

    private static void status(ByteBuf out, String indicator, String text) {
        out.writeCharSequence(indicator, StandardCharsets.US_ASCII);
        if (!text.isEmpty()) {
            out.writeByte(' ');
            out.writeCharSequence(text, StandardCharsets.UTF_8);
        }
        out.writeByte('\r').writeByte('\n');
    }
}
