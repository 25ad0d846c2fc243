package org.paperpath.imap.protocol;

/** Where an IMAP session stands (RFC 3501 section 3); only the states this gateway reaches yet. */
public sealed interface ImapState {

    /** Greeted, no login yet (RFC 3501 section 3.1). */
    record NotAuthenticated() implements ImapState {
    }

    /** LOGOUT or shutdown: the connection closes after the response in flight (section 3.4). */
    record Logout() implements ImapState {
    }
}
