package org.paperpath.smtp.protocol;

/**
 * Per-connection protocol state: where the session is, who the client is, how often it erred.
 * Confined to one thread (the connection's event loop); command handlers stay stateless.
 */
public final class SmtpSession {

    private final String clientAddress;
    private SessionState state = new SessionState.Connected();
    private int errors;
    private boolean extended;

    public SmtpSession(String clientAddress) {
        this.clientAddress = clientAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public SessionState state() {
        return state;
    }

    public void transition(SessionState next) {
        state = next;
    }

    /** HELO or EHLO: ends any transaction; only after EHLO may MAIL and RCPT carry ESMTP parameters. */
    public void greet(String helo, boolean extendedHello) {
        state = new SessionState.Greeted(helo);
        extended = extendedHello;
    }

    /** True after EHLO, false after HELO or before either. */
    public boolean extended() {
        return extended;
    }

    /** The HELO/EHLO name, if the client gave one. */
    public java.util.Optional<String> helo() {
        if (state instanceof SessionState.Greeted greeted) {
            return java.util.Optional.of(greeted.helo());
        }
        if (state instanceof SessionState.InTransaction transaction) {
            return java.util.Optional.of(transaction.helo());
        }
        if (state instanceof SessionState.ReceivingData data) {
            return java.util.Optional.of(data.helo());
        }
        if (state instanceof SessionState.ReceivingChunks chunks) {
            return java.util.Optional.of(chunks.helo());
        }
        return java.util.Optional.empty();
    }

    /** Ends any mail transaction (RSET, end of data): back to greeted, or to connected if never greeted. */
    public void resetTransaction() {
        state = helo().<SessionState>map(SessionState.Greeted::new).orElseGet(SessionState.Connected::new);
    }

    /** Counts a permanent failure; returns the count so far. */
    public int countError() {
        return ++errors;
    }

    public int errors() {
        return errors;
    }
}
