package org.paperpath.smtp.queue;

import org.paperpath.model.QueueId;

/** How a {@link MailTransaction#commit} ended. */
public sealed interface QueueOutcome {

    /** Durable in the spool and acknowledged by the broker: the client may hear 250. */
    record Queued(QueueId queueId, String spoolRef, long size) implements QueueOutcome {
    }

    /** Nothing was kept; the client must hear a temporary failure. */
    record Failed(QueueId queueId, Reason reason, String detail) implements QueueOutcome {
    }

    /** Why a commit failed, for replies and metrics. */
    enum Reason {
        /** The body could not be written or made durable. */
        SPOOL,
        /** The broker did not acknowledge the envelope in time. */
        QUEUE
    }
}
