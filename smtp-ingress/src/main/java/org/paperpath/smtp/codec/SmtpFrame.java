package org.paperpath.smtp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** What {@link SmtpRequestDecoder} emits: a command line, an over-long line, or a piece of DATA or BDAT content. */
public sealed interface SmtpFrame permits SmtpFrame.CommandLine, SmtpFrame.LineTooLong, SmtpFrame.DataChunk,
        SmtpFrame.DataEnd, SmtpFrame.ChunkEnd {

    /** One command line without its CRLF (RFC 5321 section 2.3.8). */
    record CommandLine(String text) implements SmtpFrame {
    }

    /** A command line longer than the limit (RFC 5321 section 4.5.3.1.4); its octets were discarded. */
    enum LineTooLong implements SmtpFrame {
        INSTANCE
    }

    /** Message content after dot-unstuffing, line ends exactly as received. The receiver releases it. */
    final class DataChunk extends DefaultByteBufHolder implements SmtpFrame {
        public DataChunk(ByteBuf content) {
            super(content);
        }
    }

    /** The octets of one BDAT chunk (RFC 3030) were all read; the decoder is back in command mode. */
    enum ChunkEnd implements SmtpFrame {
        INSTANCE
    }

    /** The CRLF.CRLF that ends the mail data was seen; the decoder is back in command mode. */
    enum DataEnd implements SmtpFrame {
        INSTANCE
    }
}
