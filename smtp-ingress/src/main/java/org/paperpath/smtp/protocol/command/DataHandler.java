package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;
import org.paperpath.smtp.queue.Envelope;

/**
 * DATA (RFC 5321 section 4.1.1.4): with a sender and at least one recipient, moves the session to
 * {@link SessionState.ReceivingData}; the caller then opens the queue transaction and sends 354.
 */
public final class DataHandler implements CommandHandler<SmtpCommand.Data> {

    @Override
    public SmtpReply handle(SmtpCommand.Data command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (state instanceof SessionState.ReceivingChunks) {
            return SmtpReply.of(503, "5.5.1 DATA not allowed after BDAT");
        }
        if (!(state instanceof SessionState.InTransaction transaction)) {
            return SmtpReply.of(503, "5.5.1 Need MAIL and RCPT before DATA");
        }
        if (transaction.recipients().isEmpty()) {
            return SmtpReply.of(503, "5.5.1 Need RCPT before DATA");
        }
        Envelope envelope = transaction.envelope(session.clientAddress(), session.origin());
        session.transition(new SessionState.ReceivingData(transaction.helo(), envelope));
        return SmtpReplies.START_DATA;
    }
}
