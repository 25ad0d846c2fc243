package org.paperpath.queue;

import org.paperpath.model.event.DeliveryResult;

/**
 * Where one recipient of one queued message stands.
 *
 * @param detail the last delivery worker's reason, or why routing failed; null while pending
 */
public record RecipientState(Status status, String detail) {

    /** PENDING until a result arrives; DELIVERED and FAILED are final, DEFERRED waits for a retry. */
    public enum Status {
        PENDING, DELIVERED, DEFERRED, FAILED;

        public boolean isFinal() {
            return this == DELIVERED || this == FAILED;
        }

        static Status of(DeliveryResult.Outcome outcome) {
            switch (outcome) {
                case DELIVERED:
                    return DELIVERED;
                case FAILED:
                    return FAILED;
                default:
                    return DEFERRED;
            }
        }
    }

    public static RecipientState pending() {
        return new RecipientState(Status.PENDING, null);
    }

    public static RecipientState failed(String detail) {
        return new RecipientState(Status.FAILED, detail);
    }
}
