package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** NOOP (RFC 1939 section 5), valid only in TRANSACTION. */
public final class NoopHandler implements Pop3CommandHandler<Pop3Command.Noop> {

    @Override
    public Class<Pop3Command.Noop> commandType() {
        return Pop3Command.Noop.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Noop command, Pop3Session session) {
        return session.transaction().isPresent() ? new Pop3Reply.Ok("") : Replies.NOT_IN_TRANSACTION;
    }
}
