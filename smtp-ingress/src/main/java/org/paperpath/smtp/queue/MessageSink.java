package org.paperpath.smtp.queue;

import java.io.IOException;

/**
 * Where accepted mail goes: the one port between the SMTP protocol and the queue.
 *
 * <p>Call order for each message: {@link #begin} once the envelope is complete (DATA accepted),
 * then {@link MailTransaction#write} for every piece of content in order, then exactly one of
 * {@link MailTransaction#commit} (the client may hear 250 only if it completes with
 * {@link QueueOutcome.Queued}) or {@link MailTransaction#abort} (nothing remains).
 */
public interface MessageSink {

    /** Opens a transaction with a new queue id. */
    MailTransaction begin(Envelope envelope) throws IOException;
}
