package org.paperpath.pop3.protocol.handler;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;
import org.paperpath.pop3.store.MailboxMessage;

/** RETR msg (RFC 1939 section 5): the whole message, streamed by the connection. */
public final class RetrHandler implements Pop3CommandHandler<Pop3Command.Retr> {

    @Override
    public Class<Pop3Command.Retr> commandType() {
        return Pop3Command.Retr.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Retr command, Pop3Session session) {
        return retrieve(session, command.message(), -1);
    }

    /** Shared with TOP: opens a visible message and returns it as a streamed reply. */
    static Pop3Reply retrieve(Pop3Session session, int number, int bodyLines) {
        Optional<Pop3State.Transaction> tx = session.transaction();
        if (tx.isEmpty()) {
            return Replies.NOT_IN_TRANSACTION;
        }
        Optional<MailboxMessage> message = tx.get().maildrop().visible(number);
        if (message.isEmpty()) {
            return Replies.NO_SUCH_MESSAGE;
        }
        InputStream content;
        try {
            content = tx.get().maildrop().open(message.get());
        } catch (IOException | RuntimeException e) {
            // Another session may have removed it since the snapshot.
            return new Pop3Reply.Err("message " + number + " cannot be read");
        }
        return new Pop3Reply.Message(message.get().size() + " octets", content, bodyLines);
    }
}
