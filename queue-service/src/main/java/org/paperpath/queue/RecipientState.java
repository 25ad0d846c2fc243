package org.paperpath.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;
import org.paperpath.model.event.DeliveryResult;

/**
 * Where one route of one queued message stands, with the route itself: routing is decided once, when
 * the message is accepted, and kept here, so a replayed record publishes exactly the routes that were
 * stored (never a re-resolution against a directory that changed meanwhile). The state's key in
 * {@link QueueEntry#recipients()} is the route's {@link Route#recipient()}.
 *
 * <p>{@code original}, {@code mailbox} and {@code domain} came later: a state without them was written
 * when the key was the envelope recipient itself, and is routed again when it must be published.
 *
 * @param detail the last delivery worker's reason, or why routing failed; null while pending
 * @param original the envelope recipient the route was expanded from
 * @param mailbox for a local route, the mailbox's directory key; else null
 * @param domain for a remote route, the destination domain; else null
 */
public record RecipientState(Status status, String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) String original,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mailbox,
        @JsonInclude(JsonInclude.Include.NON_NULL) String domain) {

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

    /** A state without its route, as written before routes were stored. */
    public RecipientState(Status status, String detail) {
        this(status, detail, null, null, null);
    }

    /** The first state of a route: pending, or failed at routing time. */
    public static RecipientState of(Route route) {
        if (route instanceof Route.Local local) {
            return new RecipientState(Status.PENDING, null, local.original(), local.mailbox(), null);
        }
        if (route instanceof Route.Remote remote) {
            return new RecipientState(Status.PENDING, null, remote.original(), null, remote.domain());
        }
        Route.Failed failed = (Route.Failed) route;
        return new RecipientState(Status.FAILED, failed.detail(), failed.original(), null, null);
    }

    public static RecipientState pending() {
        return new RecipientState(Status.PENDING, null);
    }

    public static RecipientState failed(String detail) {
        return new RecipientState(Status.FAILED, detail);
    }

    /** The same route at a new status. */
    public RecipientState with(Status newStatus, String newDetail) {
        return new RecipientState(newStatus, newDetail, original, mailbox, domain);
    }

    /** The stored deliverable route under {@code key}, or empty if this state holds none. */
    public Optional<Route> route(String key) {
        if (mailbox != null) {
            return Optional.of(new Route.Local(original == null ? key : original, key, mailbox));
        }
        if (domain != null) {
            return Optional.of(new Route.Remote(original == null ? key : original, key, domain));
        }
        return Optional.empty();
    }
}
