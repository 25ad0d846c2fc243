package org.paperpath.pop3.protocol.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperpath.pop3.protocol.Maildrop;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;

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
            return maildrop.visible(command.message())
                    .<Pop3Reply>map(m -> new Pop3Reply.Ok(command.message() + " " + m.size()))
                    .orElse(Replies.NO_SUCH_MESSAGE);
        }
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= maildrop.highestNumber(); n++) {
            int number = n;
            maildrop.visible(n).ifPresent(m -> lines.add(number + " " + m.size()));
        }
        return new Pop3Reply.Listing(maildrop.visibleCount() + " messages (" + maildrop.visibleOctets()
                + " octets)", lines);
    }
}
