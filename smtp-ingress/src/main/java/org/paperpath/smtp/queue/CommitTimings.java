package org.paperpath.smtp.queue;

/**
 * Where a commit's time goes, step by step, for the ingress's metrics: what the 250 waits for is
 * the later of the body's fsyncs and the broker's acknowledgement, both started once the body is in
 * the spool, so an operator can tell a slow disk from a slow broker. Called on the sink's threads and
 * the producer's network thread; implementations must be cheap and thread-safe.
 */
public interface CommitTimings {

    /** Records nothing. */
    CommitTimings NONE = new CommitTimings() {
        @Override
        public void published(long nanos) {
        }

        @Override
        public void bodySynced(long nanos) {
        }

        @Override
        public void envelopeAcknowledged(long nanos) {
        }
    };

    /** From the commit (the end of the content) until the body is whole in the spool: the hand-off to a commit thread, close and rename. */
    void published(long nanos);

    /** The body's fsyncs (file and directory), from their start on a sync thread; only those that succeeded. */
    void bodySynced(long nanos);

    /** From the envelope's send until the broker acknowledged it; only acknowledged ones. */
    void envelopeAcknowledged(long nanos);
}
