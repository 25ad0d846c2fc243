package org.paperpath.model;

/** Kafka topic names (DESIGN.md, "Kafka topics"). Keys are noted beside each. */
public final class Topics {

    /** {@link org.paperpath.model.event.MessageAccepted}, keyed by queue id. */
    public static final String ACCEPTED = "paperpath.accepted";
    /** {@link org.paperpath.model.event.LocalDelivery}, keyed by mailbox key. */
    public static final String LOCAL_DELIVERIES = "paperpath.local-deliveries";
    /** {@link org.paperpath.model.event.RemoteDelivery}, keyed by destination domain. */
    public static final String REMOTE_DELIVERIES = "paperpath.remote-deliveries";
    /** {@link org.paperpath.model.event.DeliveryResult}, keyed by queue id. */
    public static final String DELIVERY_RESULTS = "paperpath.delivery-results";
    /** {@link org.paperpath.model.event.DirectoryEvent}, compacted, keyed by {@code domain:} or {@code mailbox:} key. */
    public static final String DIRECTORY = "paperpath.directory";
    /** {@link org.paperpath.model.event.MailboxChanged}, keyed by mailbox key. */
    public static final String MAILBOX_CHANGES = "paperpath.mailbox-changes";

    /**
     * queue-service's own per-message state, compacted, keyed by queue id. Internal to queue-service;
     * partitioned like {@link #ACCEPTED} and {@link #DELIVERY_RESULTS} so one member owns all three.
     */
    public static final String QUEUE_STATE = "paperpath.queue-state";

    private Topics() {
    }
}
