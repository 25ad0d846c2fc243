package org.paperpath.queue;

/**
 * One destination of an accepted message: where a copy goes after aliases, the catch-all and
 * forwarding were expanded. One envelope recipient may become several routes, and several envelope
 * recipients may share one (a message reaches each mailbox and each remote address once).
 *
 * <p>{@link #recipient()} is unique among the routes of one message: it is the key of the route's
 * state, the {@code recipient} of its delivery record and of the result that comes back.
 */
public sealed interface Route {

    /** The envelope recipient this route was expanded from (the first one, if several led here). */
    String original();

    /**
     * The address that reached the destination, as written at the last hop: the envelope recipient
     * itself, or an alias or forward target.
     */
    String recipient();

    /** A mailbox of a local domain; {@code mailbox} is its directory key. */
    record Local(String original, String recipient, String mailbox) implements Route {
    }

    /** An address of a domain we do not receive mail for. */
    record Remote(String original, String recipient, String domain) implements Route {
    }

    /** Nowhere: failed for good at routing time. */
    record Failed(String original, String recipient, String detail) implements Route {
    }
}
