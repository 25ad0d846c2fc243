package org.paperpath.model.event;

import java.time.Instant;

/** One recipient of one message to be relayed to a remote domain by delivery-remote. */
public record RemoteDelivery(int v, String queueId, String recipient, String domain, String sender, String spoolRef,
        Instant acceptedAt, int attempt) implements PaperpathEvent {

    public static final int VERSION = 1;
}
