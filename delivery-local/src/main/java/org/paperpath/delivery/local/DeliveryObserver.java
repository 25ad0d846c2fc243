package org.paperpath.delivery.local;

import org.paperpath.maildir.DeliveryOutcome;
import org.paperpath.model.event.LocalDelivery;

/**
 * Told of each Maildir write after it is durable and before its result is published: the one
 * point where a crash leaves mail delivered but unreported. Tests use it to crash there on purpose.
 */
@FunctionalInterface
public interface DeliveryObserver {

    DeliveryObserver NONE = (delivery, outcome) -> { };

    void written(LocalDelivery delivery, DeliveryOutcome outcome);
}
