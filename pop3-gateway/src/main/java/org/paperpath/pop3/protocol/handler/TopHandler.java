package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** TOP msg n (RFC 1939 section 7): the header, the blank line and the first n body lines. */
public final class TopHandler implements Pop3CommandHandler<Pop3Command.Top> {

    @Override
    public Class<Pop3Command.Top> commandType() {
        return Pop3Command.Top.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Top command, Pop3Session session) {
        return RetrHandler.retrieve(session, command.message(), command.lines());
    }
}
