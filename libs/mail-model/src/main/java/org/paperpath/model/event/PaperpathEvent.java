package org.paperpath.model.event;

/**
 * Every record on a Paperpath topic. {@code v} is the schema version of the record; readers accept
 * the versions they know and refuse others loudly rather than guess.
 */
public sealed interface PaperpathEvent
        permits MessageAccepted, LocalDelivery, RemoteDelivery, DeliveryResult, DirectoryEvent, MailboxChanged {

    int v();
}
