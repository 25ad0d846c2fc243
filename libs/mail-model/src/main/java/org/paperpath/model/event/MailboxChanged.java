package org.paperpath.model.event;

import java.time.Instant;

/** A Maildir changed (a delivery, an expunge): a hint for gateways to rescan, never the only signal. */
public record MailboxChanged(int v, String mailbox, String folder, String reason, Instant at) implements PaperpathEvent {

    public static final int VERSION = 1;
}
