package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** A known keyword with bad arguments, or an over-long line: {@code -ERR reason}, state unchanged. */
public final class MalformedHandler implements Pop3CommandHandler<Pop3Command.Malformed> {

    @Override
    public Class<Pop3Command.Malformed> commandType() {
        return Pop3Command.Malformed.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Malformed command, Pop3Session session) {
        return new Pop3Reply.Err(command.reason());
    }
}
