package org.paperpath.smtp.queue;

/**
 * Whether the spool can take another message now (issue 4, backpressure). Asked when a transaction
 * opens (MAIL) and again when its content has ended, before anything is committed, so a spool that
 * filled up or went away meanwhile refuses the message instead of half-accepting it. Must be cheap
 * enough for an event loop.
 */
public interface SpoolCapacity {

    /** The spool's state as far as accepting mail goes. */
    enum Status {
        AVAILABLE,
        /** Free space is under the threshold: {@code 452 4.3.1} (RFC 3463, "mail system full"). */
        LOW,
        /** The spool cannot be written at all: {@code 451 4.3.0}. */
        UNWRITABLE
    }

    Status status();

    /** Always available: for tests that are not about the spool. */
    static SpoolCapacity unlimited() {
        return () -> Status.AVAILABLE;
    }
}
