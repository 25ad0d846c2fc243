package org.paperpath.pop3.protocol.handler;

import java.util.List;
import java.util.Optional;
import org.paperpath.pop3.protocol.Maildrop;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;
import org.paperpath.pop3.store.MailboxMessage;

/** UIDL [msg] (RFC 1939 section 7): message number and unique id per visible message. */
public final class UidlHandler implements Pop3CommandHandler<Pop3Command.Uidl> {

    @Override
    public Class<Pop3Command.Uidl> commandType() {
        return Pop3Command.Uidl.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Uidl command, Pop3Session session) {
        Optional<Pop3State.Transaction> tx = session.transaction();
        if (tx.isEmpty()) {
            return Replies.NOT_IN_TRANSACTION;
        }
        Maildrop maildrop = tx.get().maildrop();
        if (!command.all()) {
            List<String> line = maildrop.scanListing(Optional.of(command.message()), MailboxMessage::uid);
            return line.isEmpty() ? Replies.NO_SUCH_MESSAGE : new Pop3Reply.Ok(line.get(0));
        }
        return new Pop3Reply.Listing("unique-id listing follows",
                maildrop.scanListing(Optional.empty(), MailboxMessage::uid));
    }
}
