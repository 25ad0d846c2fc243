package org.paperpath.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Mailbox users' logins: for the gateways ({@code /internal/v1/authenticate}, with per-service
 * access) and for self-service (HTTP Basic on {@code /api/v1/me}). Throttled per account and
 * address ({@link FailureThrottle}): a refusal carries the delay its caller holds it back, and a locked
 * account or address is answered {@link Authentication.Throttled} without hashing the password. A miss
 * costs as long as a wrong password; an imported legacy hash is replaced by Argon2id at its first
 * successful login. Outcomes are counted in {@code paperpath.account.authentications} by
 * {@code result}: {@code authenticated}, {@code rejected}, {@code throttled}.
 */
final class Logins {

    private static final Logger log = LoggerFactory.getLogger(Logins.class);

    private final CredentialStore store;
    private final FailureThrottle throttle;
    private final Argon2PasswordEncoder encoder = Passwords.encoder();
    /** Verified against when the user does not exist, so a miss costs as long as a wrong password. */
    private final String decoyHash = encoder.encode("paperpath decoy password");
    private final Counter authenticated;
    private final Counter rejected;
    private final Counter throttledCount;

    Logins(CredentialStore store, FailureThrottle throttle, MeterRegistry meters) {
        this.store = store;
        this.throttle = throttle;
        this.authenticated = meters.counter("paperpath.account.authentications", "result", "authenticated");
        this.rejected = meters.counter("paperpath.account.authentications", "result", "rejected");
        this.throttledCount = meters.counter("paperpath.account.authentications", "result", "throttled");
    }

    /** Checks {@code local@domain} (any case), its password and its access to {@code service}, for gateways. */
    Authentication authenticate(String username, String password, String service, String remoteIp) {
        Authentication result = throttled(username, remoteIp, () -> check(username, password, access -> access.allows(service)));
        count(result, service, remoteIp);
        return result;
    }

    /**
     * Checks a mailbox user's own credentials for self-service; no per-service access applies. The same
     * throttle and the same counters as the gateways' logins, so guessing over REST and over POP3 adds up.
     */
    Authentication authenticateSelf(String username, String password, String remoteAddress) {
        Authentication result = throttled(username, remoteAddress, () -> check(username, password, access -> true));
        count(result, "self-service", remoteAddress);
        return result;
    }

    private void count(Authentication result, String service, String remoteIp) {
        if (result instanceof Authentication.Throttled throttled) {
            throttledCount.increment();
            log.info("authentication throttled: service={} remoteIp={} retryAfter={}s", service, remoteIp,
                    throttled.retryAfterSeconds());
        } else if (result instanceof Authentication.Rejected rejection) {
            rejected.increment();
            log.info("authentication rejected: service={} remoteIp={} reason={} delay={}ms", service, remoteIp,
                    rejection.reason(), rejection.delay().toMillis());
        } else {
            authenticated.increment();
        }
    }

    /**
     * Refuses unchecked while the account or the address is locked (no password hashing for it);
     * otherwise runs {@code check}, records what it answered and gives a refusal its delay.
     */
    private Authentication throttled(String username, String remoteIp, Supplier<Authentication> check) {
        String userKey = "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
        String[] keys = remoteIp == null || remoteIp.isBlank() ? new String[] {userKey} : new String[] {userKey, "ip:" + remoteIp};
        Duration retryAfter = throttle.retryAfter(keys);
        if (!retryAfter.isZero()) {
            return new Authentication.Throttled(retryAfter);
        }
        Authentication result = check.get();
        if (result instanceof Authentication.Rejected rejection) {
            Duration delay = rejection.guess() ? throttle.failed(keys) : throttle.delayWithoutFailure(keys);
            return new Authentication.Rejected(rejection.reason(), rejection.guess(), delay);
        }
        throttle.succeeded(keys);
        return result;
    }

    private Authentication check(String username, String password, Predicate<ServiceAccess> accessAllowed) {
        if (username == null || password == null || password.isEmpty()) {
            return new Authentication.Rejected("missing credentials", true);
        }
        String user = username.trim().toLowerCase(Locale.ROOT);
        int at = user.lastIndexOf('@');
        Optional<CredentialStore.Credentials> credentials = Optional.empty();
        if (at > 0 && at < user.length() - 1 && user.length() <= AccountNames.MAX_LOCAL_PART + 1 + AccountNames.MAX_DOMAIN) {
            credentials = store.credentials(user.substring(at + 1), user.substring(0, at));
        }
        if (credentials.isEmpty()) {
            encoder.matches(password, decoyHash);
            return new Authentication.Rejected("unknown user", true);
        }
        CredentialStore.Credentials found = credentials.get();
        boolean legacy = LegacyPasswordHashes.isLegacy(found.passwordHash());
        if (legacy ? !LegacyPasswordHashes.matches(password, found.passwordHash())
                : !encoder.matches(password, found.passwordHash())) {
            return new Authentication.Rejected("wrong password", true);
        }
        if (!found.active()) {
            return new Authentication.Rejected("disabled", false);
        }
        if (found.expiresAt() != null && !found.expiresAt().isAfter(Instant.now())) {
            return new Authentication.Rejected("expired", false);
        }
        if (!accessAllowed.test(found.access())) {
            return new Authentication.Rejected("no access to this service", false);
        }
        if (legacy) {
            String address = AccountNames.address(found.localPart(), found.domain());
            store.upgradePasswordHash(found.domain(), found.localPart(), found.passwordHash(), encoder.encode(password),
                    new AuditEntry(null, null, "system", null, "mailbox.password-upgrade", found.domain(), address, null));
        }
        return new Authentication.Authenticated(
                AccountNames.address(found.localPart(), found.domain()), found.domain(), found.localPart(), found.access(),
                found.id());
    }
}
