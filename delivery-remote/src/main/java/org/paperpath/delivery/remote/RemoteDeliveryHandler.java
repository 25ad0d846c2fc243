package org.paperpath.delivery.remote;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.paperpath.kafka.RecordHandler;
import org.paperpath.service.DeliveryResultPublisher;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.RemoteDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One remote-deliveries record. The SMTP client is a later issue: for now every recipient is
 * answered DEFERRED, so queue-service keeps the message (and its spool body) until it exists.
 */
public final class RemoteDeliveryHandler implements RecordHandler {

    static final String NOT_IMPLEMENTED = "remote delivery not implemented yet";

    private static final Logger log = LoggerFactory.getLogger(RemoteDeliveryHandler.class);

    private final DeliveryResultPublisher results;
    private final Clock clock;

    public RemoteDeliveryHandler(Producer<String, byte[]> producer, Duration sendTimeout, MeterRegistry meters,
            Clock clock) {
        this.results = new DeliveryResultPublisher(producer, sendTimeout, meters, "paperpath.delivery.remote.deliveries");
        this.clock = clock;
    }

    @Override
    public void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        if (record.value() == null) {
            return;
        }
        RemoteDelivery delivery = EventCodec.decode(record.value(), RemoteDelivery.class);
        MDC.put("queueId", delivery.queueId());
        try {
            DeliveryResult result = new DeliveryResult(DeliveryResult.VERSION, delivery.queueId(), delivery.recipient(),
                    DeliveryResult.Outcome.DEFERRED, NOT_IMPLEMENTED, clock.instant());
            log.warn("queueId={} recipient {} deferred: {}", delivery.queueId(), delivery.recipient(), NOT_IMPLEMENTED);
            results.publish(result);
        } finally {
            MDC.remove("queueId");
        }
    }
}
