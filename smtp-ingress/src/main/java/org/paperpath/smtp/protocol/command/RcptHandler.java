package org.paperpath.smtp.protocol.command;

import java.util.Optional;
import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.protocol.SmtpSettings;

/**
 * RCPT TO (RFC 5321 section 4.1.1.3): accepts only existing, enabled mailboxes of local domains.
 * Nothing is relayed yet. Before the directory view has caught up an unknown address may simply be
 * not read yet, so the answer is a temporary failure rather than "unknown user".
 */
public final class RcptHandler implements CommandHandler<SmtpCommand.Rcpt> {

    private final SmtpSettings settings;
    private final Directory directory;

    public RcptHandler(SmtpSettings settings, Directory directory) {
        this.settings = settings;
        this.directory = directory;
    }

    @Override
    public SmtpReply handle(SmtpCommand.Rcpt command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (!(state instanceof SessionState.InTransaction transaction)) {
            return SmtpReply.of(503, "5.5.1 Need MAIL before RCPT");
        }
        if (transaction.recipients().size() >= settings.maxRecipients()) {
            return SmtpReply.of(452, "4.5.3 Too many recipients");
        }
        if (!directory.isCaughtUp()) {
            return SmtpReply.of(451, "4.3.0 directory not ready");
        }
        MailAddress recipient = command.recipient();
        if (!directory.isLocalDomain(recipient.domain())) {
            return SmtpReply.of(554, "5.7.1 <" + recipient + ">: relay access denied");
        }
        Optional<MailboxEntry> mailbox = directory.mailbox(recipient.key());
        if (mailbox.isEmpty()) {
            return SmtpReply.of(550, "5.1.1 <" + recipient + ">: mailbox unavailable");
        }
        if (!mailbox.get().enabled()) {
            return SmtpReply.of(550, "5.2.1 <" + recipient + ">: mailbox disabled");
        }
        session.transition(transaction.withRecipient(recipient));
        return SmtpReply.of(250, "2.1.5 Ok");
    }
}
