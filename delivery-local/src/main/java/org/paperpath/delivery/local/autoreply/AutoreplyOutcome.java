package org.paperpath.delivery.local.autoreply;

/** What the autoresponder did after one delivery. */
public sealed interface AutoreplyOutcome {

    /** A reply is queued (or was already, by an earlier attempt of the same delivery) under {@code queueId}. */
    record Queued(String queueId, boolean byEarlierAttempt) implements AutoreplyOutcome {
    }

    /** No reply, for this reason. */
    record Suppressed(Suppression reason) implements AutoreplyOutcome {
    }
}
