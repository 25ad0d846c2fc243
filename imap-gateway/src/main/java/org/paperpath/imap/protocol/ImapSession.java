package org.paperpath.imap.protocol;

/** The state of one IMAP connection; used by one thread at a time. */
public final class ImapSession {

    private ImapState state = new ImapState.NotAuthenticated();

    public ImapState state() {
        return state;
    }

    public void moveTo(ImapState next) {
        this.state = next;
    }

    public boolean isOver() {
        return state instanceof ImapState.Logout;
    }
}
