package org.paperpath.smtp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.Envelope;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.Origin;
import org.paperpath.smtp.queue.RcptParameters;

/**
 * Where an SMTP session is (RFC 5321 section 4.1.4); each state carries exactly the data that exists
 * in it, so a recipient list cannot outlive its transaction.
 */
public sealed interface SessionState {

    /** Connected and greeted by us; the client has not said HELO or EHLO. */
    record Connected() implements SessionState {
    }

    /** The client introduced itself; no mail transaction is open. */
    record Greeted(String helo) implements SessionState {
    }

    /** MAIL was accepted; recipients accumulate, each with its RCPT parameters. */
    record InTransaction(String helo, Optional<MailAddress> sender, MailParameters mail, List<MailAddress> recipients,
            List<RcptParameters> recipientParameters) implements SessionState {

        public InTransaction {
            recipients = List.copyOf(recipients);
            recipientParameters = List.copyOf(recipientParameters);
        }

        public InTransaction withRecipient(MailAddress recipient, RcptParameters parameters) {
            List<MailAddress> more = new ArrayList<>(recipients);
            more.add(recipient);
            List<RcptParameters> moreParameters = new ArrayList<>(recipientParameters);
            moreParameters.add(parameters);
            return new InTransaction(helo, sender, mail, more, moreParameters);
        }

        public Envelope envelope(String clientAddress, Origin origin) {
            return new Envelope(helo, clientAddress, sender, recipients, mail, recipientParameters, origin);
        }
    }

    /** DATA was accepted: the content is being received for this envelope. */
    record ReceivingData(String helo, Envelope envelope) implements SessionState {
    }

    /**
     * The first BDAT was accepted (RFC 3030): chunks arrive until BDAT LAST; in between only
     * BDAT, RSET, NOOP, QUIT and a new EHLO/HELO make sense.
     */
    record ReceivingChunks(String helo, Envelope envelope) implements SessionState {
    }

    /** AUTH was accepted (RFC 4954): the next line is the client's response to our 334 challenge. */
    record Authenticating(String helo, SaslExchange exchange) implements SessionState {
    }

    /**
     * The client gave complete credentials; they are being checked, and no command is read meanwhile.
     * The password never appears in {@link #toString()}.
     */
    record Verifying(String helo, String username, String password) implements SessionState {
        @Override
        public String toString() {
            return "Verifying[helo=" + helo + ", username=" + username + "]";
        }
    }

    /** QUIT was answered; the connection closes once the reply is written. */
    record Closing() implements SessionState {
    }
}
