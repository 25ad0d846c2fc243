package org.paperpath.delivery.local;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.paperpath.delivery.local.autoreply.VacationResponder;
import org.paperpath.kafka.RecordHandler;
import org.paperpath.service.DeliveryResultPublisher;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.slf4j.MDC;

/**
 * One local-deliveries record: deliver, then (for a delivered message) the vacation reply, then
 * publish the result keyed by queue id and wait for the broker's ack, so the record's offset is
 * committed only once its result is durable. A crash before the ack replays the record; the
 * Maildir's idempotence turns the replay into "already delivered", and the reply's into the same
 * one reply (see {@link VacationResponder}). A reply that cannot be queued holds the result back and
 * the record is retried, like a result that cannot be published.
 */
public final class LocalDeliveryHandler implements RecordHandler {

    private final LocalDeliverer deliverer;
    private final VacationResponder responder;
    private final DeliveryResultPublisher results;

    /** A handler that sends no vacation replies. */
    public LocalDeliveryHandler(LocalDeliverer deliverer, Producer<String, byte[]> producer, Duration sendTimeout,
            MeterRegistry meters) {
        this(deliverer, null, producer, sendTimeout, meters);
    }

    /** @param responder the vacation replies after each delivery, or null for none */
    public LocalDeliveryHandler(LocalDeliverer deliverer, VacationResponder responder,
            Producer<String, byte[]> producer, Duration sendTimeout, MeterRegistry meters) {
        this.deliverer = deliverer;
        this.responder = responder;
        this.results = new DeliveryResultPublisher(producer, sendTimeout, meters, "paperpath.delivery.local.deliveries");
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        if (record.value() == null) {
            return;
        }
        if (!deliverer.isReady()) {
            // Retried by the consumer loop after its pause: limits not yet read must not be skipped.
            throw new IllegalStateException("mailbox limits not known yet (directory view catching up)");
        }
        LocalDelivery delivery = EventCodec.decode(record.value(), LocalDelivery.class);
        MDC.put("queueId", delivery.queueId());
        try {
            DeliveryResult result = deliverer.deliver(delivery);
            if (responder != null && result.outcome() == DeliveryResult.Outcome.DELIVERED) {
                responder.respond(delivery);
            }
            results.publish(result);
        } finally {
            MDC.remove("queueId");
        }
    }
}
