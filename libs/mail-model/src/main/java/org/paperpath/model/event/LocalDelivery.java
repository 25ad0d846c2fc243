package org.paperpath.model.event;

import java.time.Instant;

/**
 * One recipient of one message to be written into a local Maildir. Idempotent by
 * {@code queueId + recipient}: a redelivered record must not leave a second copy.
 *
 * @param mailbox the directory key of the target mailbox ({@code local@domain}, lower case)
 * @param recipient the address that reached the mailbox, for Delivered-To: the envelope recipient as
 *     the sender wrote it, or the alias, catch-all or forwarding target queue-service expanded it to;
 *     unique among one message's routes, so it is also the key of the route's state and result
 * @param attempt 1 for the first attempt
 */
public record LocalDelivery(int v, String queueId, String recipient, String mailbox, String sender, String spoolRef,
        Instant acceptedAt, int attempt) implements PaperpathEvent {

    public static final int VERSION = 1;
}
