package org.paperpath.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.paperpath.model.QueueId;
import org.paperpath.smtp.queue.Envelope;

/** The trace header we prepend to each accepted message (RFC 5321 section 4.4, RFC 5322 date). */
public final class ReceivedHeader {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {
    }

    /** The header with its CRLF, folded, naming the recipient only when there is one. */
    public static byte[] render(Envelope envelope, String hostname, QueueId queueId, ZonedDateTime now) {
        StringBuilder header = new StringBuilder(200)
                .append("Received: from ").append(envelope.helo())
                .append(" (").append(envelope.clientAddress()).append(")\r\n")
                .append("\tby ").append(hostname).append(" (Paperpath) with ESMTP id ").append(queueId.value());
        if (envelope.recipients().size() == 1) {
            header.append("\r\n\tfor <").append(envelope.recipients().get(0)).append('>');
        }
        header.append("; ").append(RFC_5322.format(now)).append("\r\n");
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }
}
