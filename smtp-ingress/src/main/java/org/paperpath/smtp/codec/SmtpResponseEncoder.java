package org.paperpath.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.paperpath.smtp.protocol.SmtpReply;

/** Writes a reply as RFC 5321 section 4.2 lines: {@code code-text} for all but the last, {@code code text} last. */
@ChannelHandler.Sharable
public final class SmtpResponseEncoder extends MessageToByteEncoder<SmtpReply> {

    public SmtpResponseEncoder() {
        super(SmtpReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SmtpReply reply, ByteBuf out) {
        List<String> lines = reply.lines();
        for (int i = 0; i < lines.size(); i++) {
            out.writeCharSequence(Integer.toString(reply.code()), StandardCharsets.US_ASCII);
            out.writeByte(i == lines.size() - 1 ? ' ' : '-');
            out.writeCharSequence(lines.get(i), StandardCharsets.UTF_8);
            out.writeByte('\r').writeByte('\n');
        }
    }
}
