package org.paperpath.sendmail;

import java.util.List;

/** One SMTP reply (RFC 5321 section 4.2): its code and its text lines, multi-line replies included. */
record SmtpReply(int code, List<String> lines) {

    SmtpReply {
        lines = List.copyOf(lines);
    }

    boolean positive() {
        return code >= 200 && code < 400;
    }

    boolean permanent() {
        return code >= 500;
    }

    @Override
    public String toString() {
        return String.join(" / ", lines);
    }
}
