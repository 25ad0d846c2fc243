package org.paperpath.smtp.protocol.command;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * refused at once (RFC 1870 section 6.1); ESMTP parameters are refused after a plain HELO. On the
 * submission listener a client must authenticate first (RFC 6409 section 4.3, RFC 4954 section 6),
 * and unless {@link SmtpSettings#enforceSubmissionSender()} is off it sends as the mailbox it
 * authenticated as: any other sender, and the null sender (a user does not send bounces), is
 * {@code 553 5.7.1} (RFC 6409 section 6.1 lets a submission server check the sender's authority).
 * No transaction opens while the spool cannot take it: {@code 452 4.3.1} when its free space is low
 * (RFC 1870 section 6.1's "insufficient system storage"), {@code 451 4.3.0} when it is unwritable.
 */
public final class MailHandler implements CommandHandler<SmtpCommand.Mail> {

    private static final SmtpReply NOT_OWNED = SmtpReply.of(553, "5.7.1 Sender address rejected: not owned by user");

    private final SmtpSettings settings;
    private final SpoolCapacity spool;

    public MailHandler(SmtpSettings settings, SpoolCapacity spool) {
        this.settings = settings;
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
        if (session.policy().authRequired() && settings.enforceSubmissionSender()
                && !ownsSender(session.authenticatedUser().get(), command.sender())) {
            return NOT_OWNED;
        }
        if (!session.extended() && !command.parameters().equals(MailParameters.NONE)) {
            return SmtpReply.of(555, "5.5.4 Parameters need EHLO");
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

    /** Directory keys are lower case; so is the mailbox account-service names. */
    private static boolean ownsSender(String authenticatedUser, Optional<MailAddress> sender) {
        return sender.isPresent() && sender.get().key().equals(authenticatedUser.toLowerCase(Locale.ROOT));
    }
}
