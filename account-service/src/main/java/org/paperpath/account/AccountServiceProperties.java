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
     * The n-th consecutive failure of an account or client address is answered after
     * {@code delayBase × 2^(n-1)}, at most {@code delayMax} (the caller holds its refusal back); after
     * {@code freeFailures} of them, attempts are refused unchecked ("throttled") for
     * {@code base × 2^(n-freeFailures-1)}, at most {@code max} (see {@code FailureThrottle}).
     *
     * @param base the first lock; 0 turns throttling off, delays included
     * @param max the longest lock
     * @param freeFailures failures before the first lock
     * @param delayBase the refusal delay of the first failure; 0 for none
     * @param delayMax the longest refusal delay; at most 10 s (gateways cut longer ones to that)
     */
    public record Throttle(@NotNull @DefaultValue("1s") Duration base, @NotNull @DefaultValue("60s") Duration max,
            @PositiveOrZero @DefaultValue("3") int freeFailures, @NotNull @DefaultValue("250ms") Duration delayBase,
            @NotNull @DefaultValue("4s") Duration delayMax) {

        @AssertTrue(message = "paperpath.account.throttle: base must be 0 or more and max at least base")
        public boolean isOrdered() {
            return base == null || max == null || (!base.isNegative() && max.compareTo(base) >= 0);
        }

        @AssertTrue(message = "paperpath.account.throttle: delay-base must be 0 or more, delay-max at least delay-base and at most 10s")
        public boolean isDelayOrdered() {
            return delayBase == null || delayMax == null || (!delayBase.isNegative() && delayMax.compareTo(delayBase) >= 0
                    && delayMax.compareTo(Duration.ofSeconds(10)) <= 0);
        }
    }

    /** A service holding the admin token could administer everything; the two roles stay apart. */
    @AssertTrue(message = "paperpath.account.service-tokens must not contain the admin token")
    public boolean isAdminTokenNotAServiceToken() {
        return adminToken == null || serviceTokens == null || !serviceTokens.contains(adminToken);
    }
}
