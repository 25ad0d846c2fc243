package org.paperpath.pop3.protocol.handler;

import java.io.IOException;
import java.time.Duration;
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
 * are RFC 3206's. Blocks on HTTP and disk; runs off the event loop, on the worker pool of
 * {@code Pop3ServerHandler}.
 *
 * <p>How the answers of account-service's throttle are told:
 * <ul>
 *   <li>rejected: {@code -ERR [AUTH] invalid credentials}, held back by the rejection's delay (it grows
 *       with each failure of the account and of the address): a {@link Pop3Reply.Delayed} that the
 *       connection's handler writes from a task scheduled on the event loop, so neither the event loop
 *       nor a worker thread sleeps. Counts towards {@link #MAX_FAILURES}.</li>
 *   <li>throttled: {@code -ERR [SYS/TEMP] too many failed logins, try again later} at once. The password
 *       was not checked, so the client must not hear that it is wrong: a temporary error, which a
 *       client shows as such instead of asking for a new password. Counts towards {@link #MAX_FAILURES},
 *       so a guesser cannot keep one connection asking for ever.</li>
 *   <li>unavailable: {@code -ERR [SYS/TEMP] authentication unavailable} at once; no failure.</li>
 * </ul>
 */
public final class PassHandler implements Pop3CommandHandler<Pop3Command.Pass> {

    /** After this many failed PASS commands the session closes. */
    public static final int MAX_FAILURES = 3;

    static final Pop3Reply INVALID_CREDENTIALS = new Pop3Reply.Err("[AUTH] invalid credentials");
    static final Pop3Reply THROTTLED = new Pop3Reply.Err("[SYS/TEMP] too many failed logins, try again later");

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
        if (result instanceof AuthResult.Rejected) {
            events.login(user.get(), session.remoteIp(), LoginResult.REJECTED);
            failed(session, failures);
            Duration delay = ((AuthResult.Rejected) result).delay();
            return delay.isZero() ? INVALID_CREDENTIALS : new Pop3Reply.Delayed(INVALID_CREDENTIALS, delay);
        }
        if (result instanceof AuthResult.Throttled) {
            events.login(user.get(), session.remoteIp(), LoginResult.THROTTLED);
            failed(session, failures);
            return THROTTLED;
        }
        events.login(user.get(), session.remoteIp(), LoginResult.UNAVAILABLE);
        session.moveTo(new Pop3State.Authorization(Optional.empty(), failures));
        return new Pop3Reply.Err("[SYS/TEMP] authentication unavailable");
    }

    private static void failed(Pop3Session session, int failures) {
        if (failures + 1 >= MAX_FAILURES) {
            session.moveTo(new Pop3State.Closed("too many failed logins"));
        } else {
            session.moveTo(new Pop3State.Authorization(Optional.empty(), failures + 1));
        }
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
