package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Reply;

/** Replies several handlers share. */
final class Replies {

    static final Pop3Reply NOT_IN_TRANSACTION = new Pop3Reply.Err("command valid only after login");
    static final Pop3Reply NOT_IN_AUTHORIZATION = new Pop3Reply.Err("command valid only before login");
    static final Pop3Reply NO_SUCH_MESSAGE = new Pop3Reply.Err("no such message");

    private Replies() {
    }
}
