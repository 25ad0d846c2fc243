package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** A keyword this server does not implement: {@code -ERR}, state unchanged (RFC 1939 section 3). */
public final class UnknownHandler implements Pop3CommandHandler<Pop3Command.Unknown> {

    @Override
    public Class<Pop3Command.Unknown> commandType() {
        return Pop3Command.Unknown.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Unknown command, Pop3Session session) {
        return new Pop3Reply.Err("unknown command");
    }
}
