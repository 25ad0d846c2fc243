package org.paperpath.pop3.protocol;

import java.io.InputStream;

/** What the server answers to one command (RFC 1939 section 3: single-line or multi-line). */
public sealed interface Pop3Reply {

    /** {@code +OK text}. */
    record Ok(String text) implements Pop3Reply {
    }

    /** {@code -ERR text}; {@code text} may start with an RFC 2449 response code such as {@code [AUTH]}. */
    record Err(String text) implements Pop3Reply {
    }

    /**
     * {@code reply}, written only once {@code delay} has passed: a refused login held back as
     * account-service asks ({@code AuthResult.Rejected#delay}). The connection's handler schedules the
     * write on the event loop, which never sleeps; the next command waits for it like for any reply.
     */
    record Delayed(Pop3Reply reply, java.time.Duration delay) implements Pop3Reply {
        public Delayed {
            if (reply instanceof Delayed) {
                throw new IllegalArgumentException("a delayed reply is not delayed again");
            }
        }
    }

    /** {@code +OK text}, then each line (byte-stuffed on the wire), then the terminating {@code .}. */
    record Listing(String text, java.util.List<String> lines) implements Pop3Reply {
        public Listing {
            lines = java.util.List.copyOf(lines);
        }
    }

    /**
     * {@code +OK text}, then a stored message streamed from {@code content} (LF to CRLF, byte-stuffed),
     * then the terminating {@code .}. The writer closes {@code content}.
     *
     * @param bodyLines how many body lines to send after the header (TOP), or -1 for all (RETR)
     */
    record Message(String text, InputStream content, int bodyLines) implements Pop3Reply {
    }
}
