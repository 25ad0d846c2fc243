package org.paperpath.model.event;

import java.time.Instant;
import java.util.List;

/**
 * A message smtp-ingress (or queue-service, for forwards and bounces) has accepted: the envelope and
 * the spool reference of its body. Written before the client hears 250.
 *
 * @param sender the reverse-path, empty for the null sender {@code <>}
 * @param recipients forward-paths as written by {@link org.paperpath.model.MailAddress#toString()}
 * @param spoolRef the body's path relative to the spool root
 * @param size the spooled body's size in octets, Received header included
 */
public record MessageAccepted(int v, String queueId, String sender, List<String> recipients, String spoolRef,
        long size, Instant acceptedAt, String clientAddress, String heloName) implements PaperpathEvent {

    public static final int VERSION = 1;

    public MessageAccepted {
        recipients = List.copyOf(recipients);
    }
}
