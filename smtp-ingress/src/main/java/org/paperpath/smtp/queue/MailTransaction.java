package org.paperpath.smtp.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.paperpath.model.QueueId;

/** One message on its way into the queue; see {@link MessageSink} for the call order. */
public interface MailTransaction {

    QueueId queueId();

    Envelope envelope();

    /** Appends content; cheap enough for an event loop (no fsync). */
    void write(ByteBuffer content) throws IOException;

    /** Octets written so far. */
    long size();

    /**
     * Makes the message durable and hands it to the queue, off the caller's thread. The stage never
     * completes exceptionally: failures are {@link QueueOutcome.Failed}, and leave nothing behind.
     */
    CompletionStage<QueueOutcome> commit();

    /** Discards everything written. Safe to call more than once, and after a failed commit. */
    void abort();
}
