package org.paperpath.smtp.protocol;

/**
 * Per-connection protocol state: where the session is, who the client is, how often it erred.
 * Confined to one thread (the connection's event loop); command handlers stay stateless.
 */
public final class SmtpSession {

    private final String clientAddress;
    private SessionState state = new SessionState.Connected();
    private int errors;

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
