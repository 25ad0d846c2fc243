package org.paperpath.maildir;

/** What {@link Maildir#deliver} did. Either way the message is in the Maildir exactly once. */
public sealed interface DeliveryOutcome {

    /** The file name under new/ (or, later, cur/). */
    String name();

    /** The message was written now under {@code name}. */
    record Delivered(String name) implements DeliveryOutcome {
    }

    /** An earlier attempt with the same delivery key already placed the message under {@code name}. */
    record AlreadyDelivered(String name) implements DeliveryOutcome {
    }
}
