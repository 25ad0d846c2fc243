package org.paperpath.smtp.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.Envelope;

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

    /** MAIL was accepted; recipients accumulate. */
    record InTransaction(String helo, Optional<MailAddress> sender, List<MailAddress> recipients)
            implements SessionState {

        public InTransaction {
            recipients = List.copyOf(recipients);
        }

        public InTransaction withRecipient(MailAddress recipient) {
            List<MailAddress> more = new ArrayList<>(recipients);
            more.add(recipient);
            return new InTransaction(helo, sender, more);
        }
    }

    /** DATA was accepted: the content is being received for this envelope. */
    record ReceivingData(String helo, Envelope envelope) implements SessionState {
    }

    /** QUIT was answered; the connection closes once the reply is written. */
    record Closing() implements SessionState {
    }
}
