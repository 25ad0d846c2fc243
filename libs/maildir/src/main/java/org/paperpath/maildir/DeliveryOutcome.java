package org.paperpath.maildir;

/**
 * What {@link Maildir#deliver} did. {@link Delivered} and {@link AlreadyDelivered}: the message is in
 * the Maildir exactly once. {@link InProgress}: nothing was written, try again later.
 */
public sealed interface DeliveryOutcome {

    /** The file name under new/ (or, later, cur/); for {@link InProgress}, the marker's name. */
    String name();

    /** The message was written now under {@code name}. */
    record Delivered(String name) implements DeliveryOutcome {
    }

    /**
     * An earlier attempt with the same delivery key already placed the message under {@code name}.
     * If a reader has since moved it out of new/ and cur/ (to another folder), the message's own name
     * cannot be found and {@code name} is its marker's, {@code paperpath-deliveries/<sha-256 of key>}.
     */
    record AlreadyDelivered(String name) implements DeliveryOutcome {
    }

    /**
     * Another attempt with the same delivery key is under way, or crashed less than
     * {@link DeliveryMarkers#IN_PROGRESS_WINDOW} ago before its message reached new/: nothing was
     * written; a temporary failure (the attempt is retried later, when the marker has either
     * completed or become old enough to be taken as crashed).
     *
     * @param name the in-progress marker, {@code new/.paperpath-<sha-256 of key>}
     */
    record InProgress(String name) implements DeliveryOutcome {
    }
}
