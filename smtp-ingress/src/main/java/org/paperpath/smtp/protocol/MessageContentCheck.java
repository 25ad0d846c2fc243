package org.paperpath.smtp.protocol;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Watches message content as it streams past for what must refuse it once it has ended: a text line
 * over 1000 octets with its CRLF (RFC 5321 section 4.5.3.1.6), and more than 100 {@code Received:} or
 * {@code Delivered-To:} header fields, the sign of a mail loop (section 6.3). Any LF ends a line
 * here, so a bare LF cannot hide a long line or a header.
 */
public final class MessageContentCheck {

    /** RFC 5321 section 4.5.3.1.6: 1000 octets including CRLF. */
    static final int MAX_LINE = 998;
    /** More trace fields than this is a loop (RFC 5321 section 6.3 suggests 100). */
    static final int MAX_HOPS = 100;
    private static final int PREFIX = "delivered-to:".length();

    /** What the content looks like so far. */
    public enum Verdict { OK, LINE_TOO_LONG, TOO_MANY_HOPS }

    private final StringBuilder prefix = new StringBuilder(PREFIX);
    private Verdict verdict = Verdict.OK;
    private boolean inHeader = true;
    private boolean afterCr;
    private long lineLength;
    private int hops;

    public void scan(ByteBuffer content) {
        while (content.hasRemaining()) {
            byte b = content.get();
            if (b == '\n') {
                endLine(lineLength - (afterCr ? 1 : 0));
            } else {
                lineLength++;
                afterCr = b == '\r';
                if (inHeader && prefix.length() < PREFIX) {
                    prefix.append((char) (b & 0xff));
                }
                if (lineLength > MAX_LINE + 1) {
                    fail(Verdict.LINE_TOO_LONG);
                }
            }
        }
    }

    public Verdict verdict() {
        return verdict;
    }

    /** Trace header fields seen so far. */
    public int hops() {
        return hops;
    }

    private void endLine(long length) {
        if (length > MAX_LINE) {
            fail(Verdict.LINE_TOO_LONG);
        }
        if (inHeader) {
            String start = prefix.toString().toLowerCase(Locale.ROOT);
            if (start.startsWith("received:") || start.startsWith("delivered-to:")) {
                hops++;
                if (hops > MAX_HOPS) {
                    fail(Verdict.TOO_MANY_HOPS);
                }
            }
            inHeader = length > 0;
        }
        prefix.setLength(0);
        lineLength = 0;
        afterCr = false;
    }

    private void fail(Verdict found) {
        if (verdict == Verdict.OK) {
            verdict = found;
        }
    }
}
