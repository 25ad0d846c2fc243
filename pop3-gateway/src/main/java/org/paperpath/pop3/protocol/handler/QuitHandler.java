package org.paperpath.pop3.protocol.handler;

import java.util.Optional;
import org.paperpath.pop3.protocol.Maildrop;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;

/**
 * QUIT (RFC 1939 sections 4 and 6): before login it just ends the session; in TRANSACTION it enters
 * UPDATE and removes the marked messages. Only this command ever removes mail.
 */
public final class QuitHandler implements Pop3CommandHandler<Pop3Command.Quit> {

    private final Pop3Events events;

    public QuitHandler(Pop3Events events) {
        this.events = events;
    }

    @Override
    public Class<Pop3Command.Quit> commandType() {
        return Pop3Command.Quit.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Quit command, Pop3Session session) {
        Optional<Pop3State.Transaction> tx = session.transaction();
        if (tx.isEmpty()) {
            session.moveTo(new Pop3State.Closed("QUIT"));
            return new Pop3Reply.Ok("Paperpath POP3 signing off");
        }
        Maildrop.Removal removal = tx.get().maildrop().removeMarked();
        session.moveTo(new Pop3State.Update(tx.get().mailbox(), removal.removed(), removal.notRemoved()));
        events.quit(tx.get().mailbox(), session.remoteIp(), removal.removed(), removal.notRemoved());
        if (removal.notRemoved() > 0) {
            return new Pop3Reply.Err("some deleted messages not removed");
        }
        return new Pop3Reply.Ok("Paperpath POP3 signing off (" + removal.removed() + " messages deleted)");
    }
}
