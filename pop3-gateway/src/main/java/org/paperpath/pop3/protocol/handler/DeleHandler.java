package org.paperpath.pop3.protocol.handler;

import java.util.Optional;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;

/** DELE msg (RFC 1939 section 5): only marks; the removal happens at QUIT. */
public final class DeleHandler implements Pop3CommandHandler<Pop3Command.Dele> {

    @Override
    public Class<Pop3Command.Dele> commandType() {
        return Pop3Command.Dele.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Dele command, Pop3Session session) {
        Optional<Pop3State.Transaction> tx = session.transaction();
        if (tx.isEmpty()) {
            return Replies.NOT_IN_TRANSACTION;
        }
        return tx.get().maildrop().markDeleted(command.message())
                ? new Pop3Reply.Ok("message " + command.message() + " deleted")
                : Replies.NO_SUCH_MESSAGE;
    }
}
