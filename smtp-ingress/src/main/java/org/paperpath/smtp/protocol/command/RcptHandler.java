package org.paperpath.smtp.protocol.command;

import java.util.Locale;
import java.util.Optional;
import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.directory.Recipient;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.MailboxQuota;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;
import org.paperpath.smtp.queue.RcptParameters;

/**
 * RCPT TO (RFC 5321 section 4.1.1.3): asks the directory to {@link Directory#resolve resolve} the
 * address (alias domains, aliases, {@code +extension}s, the domain's catch-all). Aliases and
 * catch-alls are accepted as they stand (queue-service expands them); a mailbox is accepted if it is
 * enabled ({@code 550 5.2.1} if not), takes a message of the declared SIZE (its own limit, else
 * {@code 552 5.3.4}, RFC 1870 section 6.1) and is not over its hard quota ({@code 452 4.2.2}, RFC 3463);
 * anything else of a local domain is {@code 550 5.1.1}. Addresses of other domains are accepted only
 * from a client that may relay ({@link SmtpSession#mayRelay()}: authenticated, or in a relay network).
 * Anything else, and an address literal from anyone, is refused with 554 5.7.1; a {@code %} or
 * quoted {@code @} in the local part is just part of the name looked up, never a route.
 * Before the directory view has caught up an unknown address may simply be not read yet, so the
 * answer is a temporary failure rather than "unknown user".
 *
 * <p>A bare {@code <postmaster>} (section 4.5.1) goes to postmaster of
 * {@link SmtpSettings#postmasterDomain()}, else of our host name or its parent domain, whichever is
 * local; with none of them local it is refused with 550 5.1.1 naming the setting.
 */
public final class RcptHandler implements CommandHandler<SmtpCommand.Rcpt> {

    private final SmtpSettings settings;
    private final Directory directory;
    private final MailboxQuota quota;

    public RcptHandler(SmtpSettings settings, Directory directory, MailboxQuota quota) {
        this.settings = settings;
        this.directory = directory;
        this.quota = quota;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Rcpt command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (state instanceof SessionState.ReceivingChunks) {
            return SmtpReply.of(503, "5.5.1 RCPT not allowed after BDAT");
        }
        if (!(state instanceof SessionState.InTransaction transaction)) {
            return SmtpReply.of(503, "5.5.1 Need MAIL before RCPT");
        }
        if (!session.extended() && !command.parameters().equals(RcptParameters.NONE)) {
            return SmtpReply.of(555, "5.5.4 Parameters need EHLO");
        }
        if (transaction.recipients().size() >= settings.maxRecipients()) {
            return SmtpReply.of(452, "4.5.3 Too many recipients");
        }
        if (!directory.isCaughtUp()) {
            return SmtpReply.of(451, "4.3.0 directory not ready");
        }
        Optional<MailAddress> resolved = command.recipient().or(this::postmaster);
        if (resolved.isEmpty()) {
            return SmtpReply.of(550, "5.1.1 <postmaster>: no local postmaster domain"
                    + " (paperpath.smtp.postmaster-domain)");
        }
        MailAddress recipient = resolved.get();
        if (!transaction.mail().smtpUtf8() && !(isAscii(recipient.localPart()) && isAscii(recipient.domain()))) {
            return SmtpReplies.NEEDS_SMTPUTF8;
        }
        Optional<SmtpReply> refusal = refusal(recipient, directory.resolve(recipient.key()), transaction, session);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        session.transition(transaction.withRecipient(recipient, command.parameters()));
        return SmtpReply.of(250, "2.1.5 Ok");
    }

    /** Why {@code recipient}, resolved as {@code resolved}, cannot be accepted in this transaction, if it cannot. */
    private Optional<SmtpReply> refusal(MailAddress recipient, Recipient resolved, SessionState.InTransaction transaction,
            SmtpSession session) {
        if (resolved instanceof Recipient.Remote) {
            return !session.mayRelay() || recipient.domain().startsWith("[")
                    ? Optional.of(SmtpReply.of(554, "5.7.1 <" + recipient + ">: relay access denied"))
                    : Optional.empty();
        }
        if (resolved instanceof Recipient.Unknown) {
            return Optional.of(SmtpReply.of(550, "5.1.1 <" + recipient + ">: mailbox unavailable"));
        }
        if (!(resolved instanceof Recipient.Mailbox mailbox)) {
            return Optional.empty();
        }
        MailboxEntry entry = mailbox.entry();
        long declaredSize = transaction.mail().declaredSize();
        if (!entry.enabled()) {
            return Optional.of(SmtpReply.of(550, "5.2.1 <" + recipient + ">: mailbox disabled"));
        }
        if (entry.maxMessageBytes() != null && entry.maxMessageBytes() > 0 && declaredSize > entry.maxMessageBytes()) {
            return Optional.of(SmtpReply.of(552, "5.3.4 <" + recipient + ">: message exceeds the mailbox's size limit"));
        }
        if (quota.isFull(entry, declaredSize)) {
            return Optional.of(SmtpReply.of(452, "4.2.2 <" + recipient + ">: mailbox full"));
        }
        return Optional.empty();
    }

    private Optional<MailAddress> postmaster() {
        String host = settings.hostname().toLowerCase(Locale.ROOT);
        int dot = host.indexOf('.');
        Optional<String> domain = settings.postmasterDomain()
                .or(() -> Optional.of(host).filter(directory::isLocalDomain))
                .or(() -> Optional.of(dot < 0 ? "" : host.substring(dot + 1)).filter(directory::isLocalDomain));
        return domain.map(d -> new MailAddress("postmaster", d.toLowerCase(Locale.ROOT)));
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }
}
