package org.paperpath.delivery.remote;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * delivery-remote settings, under {@code paperpath.delivery-remote.*}.
 *
 * @param enabled false leaves the consumer stopped
 * @param retryPause how long a record that could not be processed waits before its retry
 * @param sendTimeout how long publishing a result may take before the record is retried
 */
@Validated
@ConfigurationProperties("paperpath.delivery-remote")
public record DeliveryRemoteProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("1s") @NotNull Duration retryPause, @DefaultValue("30s") @NotNull Duration sendTimeout) {
}
