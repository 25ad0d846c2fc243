package org.paperpath.smtp.protocol.command;

import org.paperpath.smtp.protocol.CommandHandler;
import org.paperpath.smtp.protocol.SessionState;
import org.paperpath.smtp.protocol.SmtpCommand;
import org.paperpath.smtp.protocol.SmtpReplies;
import org.paperpath.smtp.protocol.SmtpReply;
import org.paperpath.smtp.protocol.SmtpSession;

/**
 * BDAT (RFC 3030 section 2): the first chunk of a complete envelope moves the session to
 * {@link SessionState.ReceivingChunks}. The reply is given only after the chunk's octets were read,
 * whatever it is; for {@code LAST} the caller replaces a success with the queue's answer. CHUNKING
 * is offered only in the EHLO reply, so after a plain HELO BDAT is out of sequence.
 */
public final class BdatHandler implements CommandHandler<SmtpCommand.Bdat> {

    @Override
    public SmtpReply handle(SmtpCommand.Bdat command, SmtpSession session) {
        SessionState state = session.state();
        if (state instanceof SessionState.Connected) {
            return SmtpReplies.BAD_SEQUENCE_HELO_FIRST;
        }
        if (!session.extended()) {
            return SmtpReply.of(503, "5.5.1 BDAT needs EHLO");
        }
        if (state instanceof SessionState.ReceivingChunks) {
            return received(command);
        }
        if (!(state instanceof SessionState.InTransaction transaction)) {
            return SmtpReply.of(503, "5.5.1 Need MAIL and RCPT before BDAT");
        }
        if (transaction.recipients().isEmpty()) {
            return SmtpReply.of(503, "5.5.1 Need RCPT before BDAT");
        }
        session.transition(new SessionState.ReceivingChunks(transaction.helo(),
                transaction.envelope(session.clientAddress(), session.origin())));
        return received(command);
    }

    private static SmtpReply received(SmtpCommand.Bdat command) {
        return SmtpReply.of(250, "2.0.0 " + command.size() + " octets received");
    }
}
