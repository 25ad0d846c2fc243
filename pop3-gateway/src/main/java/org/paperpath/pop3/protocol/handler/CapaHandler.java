package org.paperpath.pop3.protocol.handler;

import java.util.List;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/**
 * CAPA (RFC 2449 section 5), valid in every state. PIPELINING is honest: commands are executed and
 * answered strictly in order. AUTH-RESP-CODE announces RFC 3206's codes.
 */
public final class CapaHandler implements Pop3CommandHandler<Pop3Command.Capa> {

    private static final Pop3Reply CAPABILITIES = new Pop3Reply.Listing("capability list follows", List.of(
            "USER", "UIDL", "TOP", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "IMPLEMENTATION Paperpath"));

    @Override
    public Class<Pop3Command.Capa> commandType() {
        return Pop3Command.Capa.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Capa command, Pop3Session session) {
        return CAPABILITIES;
    }
}
