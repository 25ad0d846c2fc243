package org.paperpath.delivery.local;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * delivery-local settings, under {@code paperpath.delivery-local.*}.
 *
 * @param enabled false leaves the consumers stopped
 * @param concurrency consumers in this process (each takes some of the partitions)
 * @param retryPause how long a record that could not be processed waits before its retry
 * @param sendTimeout how long publishing a result may take before the record is retried
 * @param overQuota {@code defer} (a temporary failure, the default) or {@code fail} for a full mailbox
 * @param softQuotaSmallMessage the size under which messages still pass a full soft quota (vmailmgr)
 * @param quotaCountsTrash whether {@code .Trash} counts against the quota (not by default, as in Courier)
 * @param tmpSweepInterval how often stale tmp/ files (36 hours old) are removed from every Maildir; at least 1s
 */
@Validated
@ConfigurationProperties("paperpath.delivery-local")
public record DeliveryLocalProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("1") @Min(1) @Max(64) int concurrency, @DefaultValue("1s") @NotNull Duration retryPause,
        @DefaultValue("30s") @NotNull Duration sendTimeout, @DefaultValue("defer") @NotNull OverQuotaAction overQuota,
        @DefaultValue("2KB") @NotNull DataSize softQuotaSmallMessage, @DefaultValue("false") boolean quotaCountsTrash,
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) Duration tmpSweepInterval) {
}
