package org.paperpath.queue;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * queue-service settings, under {@code paperpath.queue.*}.
 *
 * @param enabled false leaves the consumer stopped (e.g. a standalone without routing)
 * @param retryPause how long a record that could not be processed waits before its retry
 * @param sendTimeout how long a write to Kafka may take before the record is retried
 */
@Validated
@ConfigurationProperties("paperpath.queue")
public record QueueServiceProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("1s") @NotNull Duration retryPause, @DefaultValue("30s") @NotNull Duration sendTimeout) {
}
