package org.paperpath.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.paperpath.model.QueueId;
import org.paperpath.smtp.queue.Envelope;

/**
 * The trace header we prepend to each accepted message (RFC 5321 section 4.4, RFC 5322 date). Its
 * {@code with} names the protocol as RFC 3848 (and RFC 6531 for SMTPUTF8) define it, so ESMTPSA marks
 * an authenticated submission over TLS; the authenticated user, if any, follows the client in a comment.
 */
public final class ReceivedHeader {

    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {
    }

    /** The header with its CRLF, folded, naming the recipient only when there is one. */
    public static byte[] render(Envelope envelope, String hostname, QueueId queueId, ZonedDateTime now) {
        StringBuilder header = new StringBuilder(200)
                .append("Received: from ").append(envelope.helo())
                .append(" (").append(envelope.clientAddress()).append(")\r\n");
        envelope.origin().authenticatedUser().ifPresent(user -> header.append("\t(authenticated as ")
                .append(commentText(user)).append(")\r\n"));
        header.append("\tby ").append(hostname).append(" (Paperpath) with ")
                .append(envelope.origin().protocol(envelope.mail().smtpUtf8())).append(" id ").append(queueId.value());
        if (envelope.recipients().size() == 1) {
            header.append("\r\n\tfor <").append(envelope.recipients().get(0)).append('>');
        }
        header.append("; ").append(RFC_5322.format(now)).append("\r\n");
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5322 section 3.2.2 ctext: no parentheses, backslash or control characters inside a comment. */
    static String commentText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f || c == '(' || c == ')' || c == '\\'
                ? '?' : c));
        return out.toString();
    }
}
