package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** RSET (RFC 1939 section 5): unmarks every message marked deleted. */
public final class RsetHandler implements Pop3CommandHandler<Pop3Command.Rset> {

    @Override
    public Class<Pop3Command.Rset> commandType() {
        return Pop3Command.Rset.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Rset command, Pop3Session session) {
        return session.transaction().<Pop3Reply>map(tx -> {
            tx.maildrop().unmarkAll();
            return new Pop3Reply.Ok(tx.maildrop().visibleCount() + " messages (" + tx.maildrop().visibleOctets()
                    + " octets)");
        }).orElse(Replies.NOT_IN_TRANSACTION);
    }
}
