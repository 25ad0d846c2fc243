package org.paperpath.smtp.queue;

import java.util.List;
import java.util.Optional;
import org.paperpath.model.MailAddress;

/**
 * The envelope of one mail transaction.
 *
 * @param sender empty for the null reverse-path
 * @param recipients accepted forward-paths, at least one
 */
public record Envelope(String helo, String clientAddress, Optional<MailAddress> sender, List<MailAddress> recipients) {

    public Envelope {
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope has at least one recipient");
        }
    }
}
