package org.paperpath.pop3.protocol.handler;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;
import org.paperpath.pop3.protocol.Maildrop;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Events.LoginResult;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;
import org.paperpath.pop3.store.Mailbox;
import org.paperpath.pop3.store.MailboxMessage;
import org.paperpath.pop3.store.MailboxStore;

/**
 * PASS (RFC 1939 section 7): asks the authenticator, then takes the mailbox snapshot. Response codes
 * are RFC 3206's. Blocks on HTTP and disk; runs off the event loop.
 */
public final class PassHandler implements Pop3CommandHandler<Pop3Command.Pass> {

    /** After this many failed PASS commands the session closes. */
    public static final int MAX_FAILURES = 3;

    private final Authenticator authenticator;
    private final MailboxStore store;
    private final Pop3Events events;

    public PassHandler(Authenticator authenticator, MailboxStore store, Pop3Events events) {
        this.authenticator = authenticator;
        this.store = store;
        this.events = events;
    }

    @Override
    public Class<Pop3Command.Pass> commandType() {
        return Pop3Command.Pass.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.Pass command, Pop3Session session) {
        Optional<Pop3State.Authorization> authorization = session.authorization();
        if (authorization.isEmpty()) {
            return Replies.NOT_IN_AUTHORIZATION;
        }
        int failures = authorization.get().failures();
        Optional<String> user = authorization.get().user();
        if (user.isEmpty()) {
            return new Pop3Reply.Err("USER first");
        }
        AuthResult result = authenticate(user.get(), command.password(), session.remoteIp());
        if (result instanceof AuthResult.Authenticated) {
            return open((AuthResult.Authenticated) result, session, failures);
        }
        if (result instanceof AuthResult.Unavailable) {
            events.login(user.get(), session.remoteIp(), LoginResult.UNAVAILABLE);
            session.moveTo(new Pop3State.Authorization(Optional.empty(), failures));
            return new Pop3Reply.Err("[SYS/TEMP] authentication unavailable");
        }
        events.login(user.get(), session.remoteIp(), LoginResult.REJECTED);
        if (failures + 1 >= MAX_FAILURES) {
            session.moveTo(new Pop3State.Closed("too many failed logins"));
        } else {
            session.moveTo(new Pop3State.Authorization(Optional.empty(), failures + 1));
        }
        return new Pop3Reply.Err("[AUTH] invalid credentials");
    }

    private AuthResult authenticate(String user, String password, String remoteIp) {
        try {
            return authenticator.authenticate(user, password, "pop3", remoteIp);
        } catch (RuntimeException e) {
            return new AuthResult.Unavailable(e.toString());
        }
    }

    private Pop3Reply open(AuthResult.Authenticated account, Pop3Session session, int failures) {
        List<MailboxMessage> messages;
        Mailbox mailbox;
        try {
            mailbox = store.open(account.domain(), account.localPart(), account.mailboxId());
            messages = mailbox.list();
        } catch (IOException | RuntimeException e) {
            events.login(account.mailbox(), session.remoteIp(), LoginResult.MAILBOX_UNAVAILABLE);
            session.moveTo(new Pop3State.Authorization(Optional.empty(), failures));
            return new Pop3Reply.Err("[SYS/TEMP] mailbox unavailable");
        }
        Maildrop maildrop = new Maildrop(mailbox, messages);
        session.moveTo(new Pop3State.Transaction(account.mailbox(), maildrop));
        events.login(account.mailbox(), session.remoteIp(), LoginResult.OK);
        return new Pop3Reply.Ok(account.mailbox() + " has " + maildrop.visibleCount() + " messages ("
                + maildrop.visibleOctets() + " octets)");
    }
}
