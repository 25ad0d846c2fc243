package org.paperpath.queue;

/** Where one recipient of an accepted message goes. */
public sealed interface Route {

    /** The forward-path as written in the envelope. */
    String recipient();

    /** A mailbox of a local domain; {@code mailbox} is its directory key. */
    record Local(String recipient, String mailbox) implements Route {
    }

    /** A domain we do not receive mail for. */
    record Remote(String recipient, String domain) implements Route {
    }

    /** Nowhere: failed for good at routing time. */
    record Failed(String recipient, String detail) implements Route {
    }
}
