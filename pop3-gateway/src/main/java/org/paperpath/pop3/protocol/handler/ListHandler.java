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

/** LIST [msg] (RFC 1939 section 5): message number and CRLF size per visible message. */
public final class ListHandler implements Pop3CommandHandler<Pop3Command.List> {

    @Override
    public Class<Pop3Command.List> commandType() {
        return Pop3Command.List.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.List command, Pop3Session session) {
        Optional<Pop3State.Transaction> tx = session.transaction();
        if (tx.isEmpty()) {
            return Replies.NOT_IN_TRANSACTION;
        }
        Maildrop maildrop = tx.get().maildrop();
        if (!command.all()) {
            List<String> line = maildrop.scanListing(Optional.of(command.message()), MailboxMessage::size);
            return line.isEmpty() ? Replies.NO_SUCH_MESSAGE : new Pop3Reply.Ok(line.get(0));
        }
        return new Pop3Reply.Listing(maildrop.visibleCount() + " messages (" + maildrop.visibleOctets()
                + " octets)", maildrop.scanListing(Optional.empty(), MailboxMessage::size));
    }
}
