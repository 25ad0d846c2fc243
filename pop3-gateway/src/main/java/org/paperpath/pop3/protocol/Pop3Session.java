package org.paperpath.pop3.protocol;

import java.util.Optional;

/**
 * The state of one POP3 connection. Not thread-safe: the connection hands it to one thread at a
 * time, one command at a time.
 */
public final class Pop3Session {

    private final String remoteIp;
    private Pop3State state = Pop3State.Authorization.initial();

    public Pop3Session(String remoteIp) {
        this.remoteIp = remoteIp;
    }

    public String remoteIp() {
        return remoteIp;
    }

    public Pop3State state() {
        return state;
    }

    public void moveTo(Pop3State next) {
        this.state = next;
    }

    /** The TRANSACTION state, if the session is in it. */
    public Optional<Pop3State.Transaction> transaction() {
        return state instanceof Pop3State.Transaction ? Optional.of((Pop3State.Transaction) state) : Optional.empty();
    }

    /** The AUTHORIZATION state, if the session is in it. */
    public Optional<Pop3State.Authorization> authorization() {
        return state instanceof Pop3State.Authorization ? Optional.of((Pop3State.Authorization) state)
                : Optional.empty();
    }

    /** True once the connection must close after the reply in flight. */
    public boolean isOver() {
        return state instanceof Pop3State.Update || state instanceof Pop3State.Closed;
    }
}
