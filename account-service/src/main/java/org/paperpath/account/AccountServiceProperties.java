package org.paperpath.account;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
 */
@Validated
@ConfigurationProperties("paperpath.account")
public record AccountServiceProperties(
        @NotBlank @Size(min = 16) String adminToken,
        @NotNull @DefaultValue List<@NotBlank @Size(min = 16) String> serviceTokens) {

    /** A service holding the admin token could administer everything; the two roles stay apart. */
    @AssertTrue(message = "paperpath.account.service-tokens must not contain the admin token")
    public boolean isAdminTokenNotAServiceToken() {
        return adminToken == null || serviceTokens == null || !serviceTokens.contains(adminToken);
    }
}
