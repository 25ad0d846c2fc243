package org.paperpath.smtp.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows and then stops password guessing over SMTP AUTH (RFC 4954 section 4, issue 4 "hostile
 * input"): failures are counted per client address and per account name within a window. Each failed
 * AUTH is answered after a delay, twice as long per failure of its client or account up to a cap; at
 * the limit AUTH is answered {@code 454 4.7.0} without asking account-service, so a guesser
 * learns nothing and account-service carries no load. An IPv6 client counts by its /64, the block
 * one subscriber usually holds.
 *
 * <p>Shared by every session; thread-safe. At most {@link #MAX_TRACKED} names are remembered per
 * kind: expired entries are swept first, and past the cap new names are not tracked (the cap keeps
 * memory bounded under a spray of addresses; per-account counting still applies to them).
 */
public final class AuthThrottle {

    static final int MAX_TRACKED = 100_000;

    /**
     * @param failuresPerIp failures from one client address before AUTH is refused
     * @param failuresPerAccount failures for one account name before AUTH is refused
     * @param window how long a failure counts
     * @param failureDelay the delay after one failure; it doubles with each further one
     * @param maxFailureDelay the longest delay
     */
    public record Limits(int failuresPerIp, int failuresPerAccount, Duration window, Duration failureDelay,
            Duration maxFailureDelay) {

        public Limits {
            if (failuresPerIp < 1 || failuresPerAccount < 1) {
                throw new IllegalArgumentException("failure limits must be positive");
            }
            if (window.isNegative() || window.isZero() || failureDelay.isNegative()
                    || maxFailureDelay.compareTo(failureDelay) < 0) {
                throw new IllegalArgumentException("window must be positive, max delay at least the delay");
            }
        }
    }

    private static final AuthThrottle OFF = new AuthThrottle(new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE,
            Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO), Clock.systemUTC());

    private final Limits limits;
    private final Clock clock;
    private final ConcurrentMap<String, Failures> byClient = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Failures> byAccount = new ConcurrentHashMap<>();

    public AuthThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Never delays, never refuses: for listeners and tests that do not throttle. */
    public static AuthThrottle off() {
        return OFF;
    }

    /** True if AUTH from {@code clientIp} for {@code account} must be refused without asking anyone. */
    public boolean refuses(String clientIp, String account) {
        Instant now = clock.instant();
        return count(byClient, clientKey(clientIp), now) >= limits.failuresPerIp()
                || count(byAccount, accountKey(account), now) >= limits.failuresPerAccount();
    }

    /** How long to hold back a refusal of AUTH from {@code clientIp} for {@code account}, given the failures so far. */
    public Duration delay(String clientIp, String account) {
        Instant now = clock.instant();
        int failures = Math.max(count(byClient, clientKey(clientIp), now), count(byAccount, accountKey(account), now));
        if (failures == 0 || limits.failureDelay().isZero()) {
            return Duration.ZERO;
        }
        Duration delay = limits.failureDelay().multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(limits.maxFailureDelay()) > 0 ? limits.maxFailureDelay() : delay;
    }

    /** account-service rejected the credentials. */
    public void failed(String clientIp, String account) {
        if (this == OFF) {
            return;
        }
        Instant now = clock.instant();
        record(byClient, clientKey(clientIp), now);
        record(byAccount, accountKey(account), now);
    }

    /** The account logged in: its own failures are forgiven; its client's still count. */
    public void succeeded(String account) {
        byAccount.remove(accountKey(account));
    }

    private int count(ConcurrentMap<String, Failures> map, String key, Instant now) {
        Failures failures = map.get(key);
        return failures == null || failures.expired(now, limits.window()) ? 0 : failures.count();
    }

    private void record(ConcurrentMap<String, Failures> map, String key, Instant now) {
        if (map.size() >= MAX_TRACKED && !map.containsKey(key)) {
            map.values().removeIf(failures -> failures.expired(now, limits.window()));
            if (map.size() >= MAX_TRACKED) {
                return;
            }
        }
        map.compute(key, (k, old) -> old == null || old.expired(now, limits.window()) ? new Failures(1, now)
                : new Failures(old.count() + 1, old.since()));
    }

    /** IPv6 by /64 ({@code getHostAddress} writes all eight groups), IPv4 by address. */
    static String clientKey(String clientIp) {
        if (clientIp.indexOf(':') < 0) {
            return clientIp;
        }
        String[] groups = clientIp.split("[:%]");
        return groups.length >= 4 ? String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64"
                : clientIp;
    }

    private static String accountKey(String account) {
        return account.toLowerCase(Locale.ROOT);
    }

    /** Failures counted since {@code since}; they all expire together when the window has passed. */
    private record Failures(int count, Instant since) {
        boolean expired(Instant now, Duration window) {
            return !now.isBefore(since.plus(window));
        }
    }
}
