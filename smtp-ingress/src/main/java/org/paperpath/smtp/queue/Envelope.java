package org.paperpath.smtp.queue;

import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;

/**
 * The envelope of one mail transaction.
 *
 * @param sender empty for the null reverse-path
 * @param recipients accepted forward-paths, at least one
 * @param mail the MAIL parameters
 * @param recipientParameters the RCPT parameters, one per recipient in the same order
 * @param origin EHLO or HELO, TLS, and who authenticated
 */
public record Envelope(String helo, String clientAddress, Optional<MailAddress> sender, List<MailAddress> recipients,
        MailParameters mail, List<RcptParameters> recipientParameters, Origin origin) {

    public Envelope {
        recipients = List.copyOf(recipients);
        recipientParameters = List.copyOf(recipientParameters);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has at least one recipient");
        }
        if (recipientParameters.size() != recipients.size()) {
            throw new IllegalArgumentException("one set of RCPT parameters per recipient");
        }
    }

    /** An envelope without ESMTP parameters, from an EHLO session in clear without AUTH. */
    public Envelope(String helo, String clientAddress, Optional<MailAddress> sender, List<MailAddress> recipients) {
        this(helo, clientAddress, sender, recipients, MailParameters.NONE,
                recipients.stream().map(r -> RcptParameters.NONE).toList(), Origin.ESMTP);
    }
}
