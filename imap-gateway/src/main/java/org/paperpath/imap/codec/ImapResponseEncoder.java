package org.paperpath.imap.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import org.paperpath.imap.protocol.ImapResponse;

/** Writes each response line followed by CRLF (RFC 3501 section 2.2.2). */
public final class ImapResponseEncoder extends MessageToByteEncoder<ImapResponse> {

    public ImapResponseEncoder() {
        super(ImapResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ImapResponse response, ByteBuf out) {
        for (String line : response.lines()) {
            out.writeCharSequence(line, StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
    }
}
