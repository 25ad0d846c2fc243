package org.paperpath.smtp.protocol;

import java.util.List;

/**
 * One SMTP reply (RFC 5321 section 4.2): a three-digit code and one or more lines of text, each
 * starting with an enhanced status code (RFC 3463) where one applies.
 */
public record SmtpReply(int code, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not a reply code: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    public static SmtpReply of(int code, String text) {
        return new SmtpReply(code, List.of(text));
    }

    /** {@code 2xx}, {@code 3xx}, {@code 4xx} or {@code 5xx}. */
    public String replyClass() {
        return (code / 100) + "xx";
    }

    /** A permanent failure: the client erred, and it counts towards the error limit. */
    public boolean isPermanentFailure() {
        return code >= 500;
    }
}
