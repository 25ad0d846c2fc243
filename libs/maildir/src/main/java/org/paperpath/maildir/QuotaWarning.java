package org.paperpath.maildir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one message vmailmgr-style soft quota puts in a mailbox that reached its soft limit (RFC 5322, RFC 3834). */
final class QuotaWarning {

    private QuotaWarning() {
    }

    static byte[] text(QuotaPolicy policy, Instant now) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atOffset(ZoneOffset.UTC));
        return ("From: Mail Delivery System <MAILER-DAEMON>\r\n"
                + "Subject: Your mailbox is full\r\n"
                + "Date: " + date + "\r\n"
                + "Auto-Submitted: auto-generated\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "Your mailbox has reached its soft quota of " + policy.softBytes() + " bytes.\r\n"
                + "Until you delete some mail, only messages smaller than " + policy.smallMessageBytes()
                + " bytes are accepted;\r\n"
                + "larger ones are returned to their senders.\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
