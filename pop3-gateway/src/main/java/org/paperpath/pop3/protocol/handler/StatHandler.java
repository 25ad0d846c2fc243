package org.paperpath.pop3.protocol.handler;

import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;

/** STAT (RFC 1939 section 5): count and octets of the messages not marked deleted. */
public final class StatHandler implements Pop3CommandHandler<Pop3Command.Stat> {

    @Override
    public Class<Pop3Command.Stat> commandType() {
        return Pop3Command.Stat.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Stat command, Pop3Session session) {
        return session.transaction().<Pop3Reply>map(tx -> new Pop3Reply.Ok(
                tx.maildrop().visibleCount() + " " + tx.maildrop().visibleOctets()))
                .orElse(Replies.NOT_IN_TRANSACTION);
    }
}
