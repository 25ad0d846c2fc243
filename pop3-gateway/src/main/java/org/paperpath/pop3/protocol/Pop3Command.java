package org.paperpath.pop3.protocol;

/**
 * One parsed POP3 command line (RFC 1939 section 3, RFC 2449 for CAPA). Message numbers are as the
 * client sent them (1-based); whether they exist is the handler's question.
 */
public sealed interface Pop3Command {

    /** {@code USER name} (RFC 1939 section 7). */
    record User(String name) implements Pop3Command {
    }

    /** {@code PASS secret}; the secret is the rest of the line, spaces included. */
    record Pass(String password) implements Pop3Command {
        @Override
        public String toString() {
            return "Pass[password=<hidden>]";
        }
    }

    /** {@code CAPA} (RFC 2449 section 5). */
    record Capa() implements Pop3Command {
    }

    /** {@code STAT}. */
    record Stat() implements Pop3Command {
    }

    /** {@code LIST [msg]}; {@code message} is 0 when absent. */
    record List(int message) implements Pop3Command {
        public boolean all() {
            return message == 0;
        }
    }

    /** {@code UIDL [msg]}; {@code message} is 0 when absent. */
    record Uidl(int message) implements Pop3Command {
        public boolean all() {
            return message == 0;
        }
    }

    /** {@code RETR msg}. */
    record Retr(int message) implements Pop3Command {
    }

    /** {@code TOP msg n}: the header and the first {@code lines} lines of the body. */
    record Top(int message, int lines) implements Pop3Command {
    }

    /** {@code DELE msg}. */
    record Dele(int message) implements Pop3Command {
    }

    /** {@code RSET}. */
    record Rset() implements Pop3Command {
    }

    /** {@code NOOP}. */
    record Noop() implements Pop3Command {
    }

    /** {@code QUIT}. */
    record Quit() implements Pop3Command {
    }

    /** A keyword this server does not know. */
    record Unknown(String keyword) implements Pop3Command {
    }

    /** A known keyword with bad arguments, or a line over the limit; {@code reason} goes to the client. */
    record Malformed(String reason) implements Pop3Command {
    }
}
