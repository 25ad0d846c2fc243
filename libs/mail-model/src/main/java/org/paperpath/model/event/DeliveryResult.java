package org.paperpath.model.event;

import java.time.Instant;

/**
 * What a delivery worker did with one recipient of one message.
 *
 * @param detail a human-readable reason (an SMTP reply, an I/O error), never a secret
 */
public record DeliveryResult(int v, String queueId, String recipient, Outcome outcome, String detail, Instant at)
        implements PaperpathEvent {

    public static final int VERSION = 1;

    /** The three ends of a delivery attempt. */
    public enum Outcome {
        /** Written to the Maildir or accepted by the remote server. */
        DELIVERED,
        /** Failed for now; queue-service retries on its schedule. */
        DEFERRED,
        /** Failed for good; queue-service bounces. */
        FAILED
    }
}
