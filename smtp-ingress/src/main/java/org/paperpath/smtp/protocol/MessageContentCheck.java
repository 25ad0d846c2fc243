package org.paperpath.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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

    private static final byte[] RECEIVED = "received:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIVERED_TO = "delivered-to:".getBytes(StandardCharsets.US_ASCII);

    /** The first octets of the current line while in the header, enough to tell a trace field. */
    private final byte[] prefix = new byte[PREFIX];
    private int prefixLength;
    private Verdict verdict = Verdict.OK;
    private boolean inHeader = true;
    private boolean afterCr;
    private long lineLength;
    private int hops;

    /** Looks at the remaining octets of {@code content} (by index: its position is left as it was). */
    public void scan(ByteBuffer content) {
        int limit = content.limit();
        for (int i = content.position(); i < limit; i++) {
            byte b = content.get(i);
            if (b == '\n') {
                endLine(lineLength - (afterCr ? 1 : 0));
            } else {
                lineLength++;
                afterCr = b == '\r';
                if (inHeader && prefixLength < PREFIX) {
                    prefix[prefixLength++] = b;
                }
            }
        }
        // A line still open may already be too long; its CR, if it is the last octet, may yet end it.
        if (lineLength - (afterCr ? 1 : 0) > MAX_LINE) {
            fail(Verdict.LINE_TOO_LONG);
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
            if (prefixIs(RECEIVED) || prefixIs(DELIVERED_TO)) {
                hops++;
                if (hops > MAX_HOPS) {
                    fail(Verdict.TOO_MANY_HOPS);
                }
            }
            inHeader = length > 0;
        }
        prefixLength = 0;
        lineLength = 0;
        afterCr = false;
    }

    /** Whether the line starts with {@code name} (lower case ASCII), in any case. */
    private boolean prefixIs(byte[] name) {
        if (prefixLength < name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            byte b = prefix[i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + ('a' - 'A'));
            }
            if (b != name[i]) {
                return false;
            }
        }
        return true;
    }

    private void fail(Verdict found) {
        if (verdict == Verdict.OK) {
            verdict = found;
        }
    }
}
