package org.paperpath.smtp.protocol.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.paperpath.directory.Directory;
import org.paperpath.directory.Recipient;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.SpoolCapacity;

/**
 * MAIL FROM (RFC 5321 section 4.1.1.2): opens a transaction. A SIZE parameter over our limit is
 * refused at once (RFC 1870 section 6.1); ESMTP parameters are refused after a plain HELO. The AUTH
 * parameter (RFC 4954 section 5, sent by MTAs relaying through an authenticated session, mostly as
 * {@code AUTH=<>}) is accepted where AUTH exists: on a listener that offers it, or in an
 * authenticated session; elsewhere it is an unknown parameter ({@code 555 5.5.4}). Its value is
 * checked for syntax by the parser ({@code 501 5.5.4}) and then ignored, as section 5 allows: it
 * neither proves nor changes who sent the message, and it is not recorded. On the
 * submission listener a client must authenticate first (RFC 6409 section 4.3, RFC 4954 section 6).
 *
 * <p>An authenticated client, on any listener (MX included, where AUTH also lets a client relay),
 * may only send from an address of its own unless {@link SmtpSettings#enforceSender()} is off
 * (RFC 6409 section 6.1 lets a submission server check the sender's authority; an MX that relays for
 * authenticated users is one as well), as the directory {@link Directory#resolve resolves} it:
 * <ul>
 *   <li>a {@link Recipient.Mailbox} whose entry is the authenticated mailbox: the mailbox itself,
 *       its {@code +extension} addresses and its address under an alias domain;</li>
 *   <li>a {@link Recipient.Alias} that is not a catch-all and lists the authenticated mailbox among
 *       its direct targets: a personal alias, or a list the user is on.</li>
 * </ul>
 * Anything else is {@code 553 5.7.1}: another mailbox, an alias without the user (its targets are
 * not followed further), an address only a catch-all takes (it takes the whole domain), a remote or
 * unknown address, and the null sender (a user does not send bounces). The authenticated mailbox
 * itself needs no lookup; any other sender waits for the directory view, {@code 451 4.3.0} until it
 * has caught up, so an address of the user's is never refused for good because the view lags.
 * A session that has not authenticated is not checked here: an MX takes mail from any sender for its
 * local domains, and relays only for clients of a relay network (see {@link RcptHandler}).
 * No transaction opens while the spool cannot take it: {@code 452 4.3.1} when its free space is low
 * (RFC 1870 section 6.1's "insufficient system storage"), {@code 451 4.3.0} when it is unwritable.
 */
public final class MailHandler implements CommandHandler<SmtpCommand.Mail> {

    private static final SmtpReply NOT_OWNED = SmtpReply.of(553, "5.7.1 Sender address rejected: not owned by user");

    private final SmtpSettings settings;
    private final Directory directory;
    private final SpoolCapacity spool;

    public MailHandler(SmtpSettings settings, Directory directory, SpoolCapacity spool) {
        this.settings = settings;
        this.directory = directory;
        this.spool = spool;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Mail command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (!(state instanceof SessionState.Greeted greeted)) {
            return SmtpReply.of(503, "5.5.1 Nested MAIL command");
        }
        if (session.policy().authRequired() && session.authenticatedUser().isEmpty()) {
            return SmtpReplies.AUTH_REQUIRED;
        }
        if (session.authenticatedUser().isPresent() && settings.enforceSender()) {
            Optional<SmtpReply> refusal = senderRefusal(session.authenticatedUser().get(), command.sender());
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        if (!session.extended()
                && (!command.parameters().equals(MailParameters.NONE) || command.authParameter().isPresent())) {
            return SmtpReply.of(555, "5.5.4 Parameters need EHLO");
        }
        if (command.authParameter().isPresent() && !session.policy().authAvailable()
                && session.authenticatedUser().isEmpty()) {
            return SmtpReply.of(555, "5.5.4 Unsupported parameter AUTH");
        }
        if (command.parameters().declaredSize() > settings.maxMessageSize()) {
            return SmtpReplies.MESSAGE_TOO_BIG;
        }
        SpoolCapacity.Status capacity = spool.status();
        if (capacity != SpoolCapacity.Status.AVAILABLE) {
            return capacity == SpoolCapacity.Status.LOW ? SmtpReplies.INSUFFICIENT_STORAGE : SmtpReplies.LOCAL_ERROR;
        }
        session.transition(new SessionState.InTransaction(greeted.helo(), command.sender(), command.parameters(),
                List.of(), List.of()));
        return SmtpReply.of(250, "2.1.0 Ok");
    }

    /** Why {@code authenticatedUser} may not send from {@code sender}, if it may not (see the class comment). */
    private Optional<SmtpReply> senderRefusal(String authenticatedUser, Optional<MailAddress> sender) {
        if (sender.isEmpty()) {
            return Optional.of(NOT_OWNED);
        }
        // Directory keys are lower case, as account-service names the mailbox; targets are compared so too.
        String user = authenticatedUser.toLowerCase(Locale.ROOT);
        if (sender.get().key().equals(user)) {
            return Optional.empty();
        }
        if (!directory.isCaughtUp()) {
            return Optional.of(SmtpReply.of(451, "4.3.0 directory not ready"));
        }
        Recipient resolved = directory.resolve(sender.get().key());
        boolean owned;
        if (resolved instanceof Recipient.Mailbox) {
            owned = ((Recipient.Mailbox) resolved).entry().address().equals(user);
        } else if (resolved instanceof Recipient.Alias) {
            Recipient.Alias alias = (Recipient.Alias) resolved;
            owned = !alias.catchAll() && alias.targets().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).equals(user));
        } else {
            owned = false;
        }
        return owned ? Optional.empty() : Optional.of(NOT_OWNED);
    }
}
