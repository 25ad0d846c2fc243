package org.paperpath.delivery.local.autoreply;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.paperpath.model.event.DirectoryEvent.Autoresponder;

/**
 * The text of a vacation reply as RFC 3834 section 3 asks: {@code Auto-Submitted: auto-replied},
 * {@code In-Reply-To} and {@code References} from the original's {@code Message-ID}, the subject of
 * the setting (or {@code Auto: } and the original's, section 3.1.5), from the mailbox to the
 * original envelope sender. Lines end in CRLF as in the spool; a non-ASCII subject is an RFC 2047
 * encoded word and a non-ASCII body is base64, so the reply is 7-bit clean for any next hop. Nothing
 * from the setting or the original can add a header line: CR and LF become spaces.
 */
final class ReplyMessage {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    /** RFC 2047 section 2: an encoded word is at most 75 characters; this many UTF-8 octets fit in one. */
    private static final int WORD_OCTETS = 45;

    private ReplyMessage() {
    }

    /**
     * @param replyId the reply's queue id, also the left part of its Message-ID
     * @param from the mailbox's address
     * @param to the original envelope sender
     */
    static byte[] render(String replyId, String hostname, ZonedDateTime now, String from, String to,
            Autoresponder setting, MessageHeader original) {
        StringBuilder m = new StringBuilder();
        line(m, "Received: by " + hostname + " (Paperpath autoresponder) id " + replyId + "; "
                + DATE.format(now.withZoneSameInstant(ZoneOffset.UTC)));
        line(m, "Date: " + DATE.format(now));
        line(m, "From: <" + from + ">");
        line(m, "To: <" + to + ">");
        line(m, "Subject: " + encodeWord(subject(setting, original)));
        line(m, "Message-ID: <" + replyId + ".autoreply@" + hostname + ">");
        Optional<String> messageId = original.first("Message-ID").map(ReplyMessage::oneLine);
        if (messageId.isPresent()) {
            line(m, "In-Reply-To: " + messageId.get());
            String references = original.first("References").map(ReplyMessage::oneLine).orElse("");
            line(m, "References: " + (references.isEmpty() ? "" : references + " ") + messageId.get());
        }
        line(m, "Auto-Submitted: auto-replied");
        line(m, "Precedence: bulk");
        line(m, "MIME-Version: 1.0");
        String body = setting.body() == null ? "" : setting.body();
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(body);
        line(m, "Content-Type: text/plain; charset=" + (ascii ? "us-ascii" : "utf-8"));
        line(m, "Content-Transfer-Encoding: " + (ascii ? "7bit" : "base64"));
        line(m, "");
        if (ascii) {
            m.append(crlf(body));
            if (!body.isEmpty() && !body.endsWith("\n")) {
                m.append("\r\n");
            }
        } else {
            m.append(Base64.getMimeEncoder().encodeToString(crlf(body).getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String subject(Autoresponder setting, MessageHeader original) {
        if (setting.subject() != null && !setting.subject().isBlank()) {
            return oneLine(setting.subject());
        }
        return "Auto: " + original.first("Subject").map(ReplyMessage::oneLine).orElse("");
    }

    /** The text as it is if ASCII, else RFC 2047 B-encoded words of whole characters, folded. */
    static String encodeWord(String text) {
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int end = start;
            int octets = 0;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + size > WORD_OCTETS) {
                    break;
                }
                octets += size;
                end += Character.charCount(cp);
            }
            if (out.length() > 0) {
                out.append("\r\n ");
            }
            out.append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(
                    text.substring(start, end).getBytes(StandardCharsets.UTF_8))).append("?=");
            start = end;
        }
        return out.toString();
    }

    private static String oneLine(String value) {
        return value.replace('\r', ' ').replace('\n', ' ').trim();
    }

    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    private static void line(StringBuilder m, String text) {
        m.append(text).append("\r\n");
    }
}
