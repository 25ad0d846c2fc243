package org.paperpath.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * account-service's settings, under {@code paperpath.account.*}.
 *
 * @param adminToken the bearer token of {@code /api/v1/**} (administration); at least 16 characters
 * @param serviceTokens bearer tokens other services present to {@code /internal/v1/authenticate};
 *     the admin token is not one of them. Empty: nobody may ask.
 * @param throttle how password guessing is slowed, per account and per client address
 */
@Validated
@ConfigurationProperties("paperpath.account")
public record AccountServiceProperties(
        @NotBlank @Size(min = 16) String adminToken,
        @NotNull @DefaultValue List<@NotBlank @Size(min = 16) String> serviceTokens,
        @NotNull @Valid @DefaultValue Throttle throttle) {

    /**
     * After {@code freeFailures} consecutive failures of an account or client address, attempts are
     * refused unchecked for {@code base × 2^(n-freeFailures-1)}, at most {@code max} (see
     * {@code FailureThrottle}).
     *
     * @param base the first penalty; 0 turns throttling off
     * @param max the longest penalty
     * @param freeFailures failures that cost nothing
     */
    public record Throttle(@NotNull @DefaultValue("1s") Duration base, @NotNull @DefaultValue("60s") Duration max,
            @PositiveOrZero @DefaultValue("3") int freeFailures) {

        @AssertTrue(message = "paperpath.account.throttle: base must be 0 or more and max at least base")
        public boolean isOrdered() {
            return base == null || max == null || (!base.isNegative() && max.compareTo(base) >= 0);
        }
    }

    /** A service holding the admin token could administer everything; the two roles stay apart. */
    @AssertTrue(message = "paperpath.account.service-tokens must not contain the admin token")
    public boolean isAdminTokenNotAServiceToken() {
        return adminToken == null || serviceTokens == null || !serviceTokens.contains(adminToken);
    }
}
