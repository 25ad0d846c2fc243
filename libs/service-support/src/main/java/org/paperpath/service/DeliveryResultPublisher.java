package org.paperpath.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.EventCodec;

/**
 * How a delivery worker reports: the result goes to {@link Topics#DELIVERY_RESULTS} keyed by queue
 * id, and the call returns only once the broker acknowledged it, so the worker commits its input
 * record only after its result is durable. Counts results by outcome in {@code meterName}; every
 * outcome's counter exists from the start.
 */
public final class DeliveryResultPublisher {

    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final MeterRegistry meters;
    private final String meterName;

    public DeliveryResultPublisher(Producer<String, byte[]> producer, Duration sendTimeout, MeterRegistry meters,
            String meterName) {
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.meters = meters;
        this.meterName = meterName;
        for (DeliveryResult.Outcome outcome : DeliveryResult.Outcome.values()) {
            meters.counter(meterName, "result", tag(outcome));
        }
    }

    /** Publishes {@code result} and waits for the acknowledgement. */
    public void publish(DeliveryResult result) throws Exception {
        producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, result.queueId(), EventCodec.encode(result)))
                .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        meters.counter(meterName, "result", tag(result.outcome())).increment();
    }

    private static String tag(DeliveryResult.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
