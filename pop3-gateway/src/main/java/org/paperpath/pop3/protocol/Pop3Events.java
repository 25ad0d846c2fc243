package org.paperpath.pop3.protocol;

/** What a POP3 session reports for metrics and logs; implementations must not block. */
public interface Pop3Events {

    /**
     * How a PASS ended; {@code THROTTLED}: account-service refused it unchecked after too many
     * failures of the account or the address.
     */
    enum LoginResult {
        OK, REJECTED, THROTTLED, UNAVAILABLE, MAILBOX_UNAVAILABLE
    }

    /** A connection was accepted. */
    void sessionStarted(String remoteIp);

    /** @param mailbox the directory key when known, else the name the client gave */
    void login(String mailbox, String remoteIp, LoginResult result);

    /** Octets of a RETR or TOP reply written to the client. */
    void retrieved(long octets);

    /** QUIT from TRANSACTION applied its deletions. */
    void quit(String mailbox, String remoteIp, int deleted, int notRemoved);

    /** Discards everything (tests). */
    Pop3Events NONE = new Pop3Events() {
        @Override
        public void sessionStarted(String remoteIp) {
        }

        @Override
        public void login(String mailbox, String remoteIp, LoginResult result) {
        }

        @Override
        public void retrieved(long octets) {
        }

        @Override
        public void quit(String mailbox, String remoteIp, int deleted, int notRemoved) {
        }
    };
}
