package org.paperpath.delivery.local;

/** What a delivery to a full mailbox reports ({@code paperpath.delivery-local.over-quota}). */
public enum OverQuotaAction {
    /** A temporary failure, 4.2.2 (RFC 3463): the queue retries until the owner makes room or the message expires. */
    DEFER,
    /** A permanent failure, 5.2.2: the sender gets a bounce at once. */
    FAIL
}
