package org.paperpath.smtp.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows and then stops password guessing over SMTP AUTH (RFC 4954 section 4, issue 4 "hostile
 * input") without letting anyone lock a user out. A failure is a login account-service rejected;
 * failures count within a window (they all expire together when it has passed since the first) under
 * three keys, where a client is an IPv4 address or an IPv6 /64 (the block one subscriber usually
 * holds):
 * <ul>
 *   <li><b>per client</b>, whatever the account: delays, and from {@link Limits#failuresPerIp()}
 *       failures on, AUTH from that client is answered {@code 454 4.7.0} without asking
 *       account-service (one source trying many accounts);</li>
 *   <li><b>per account</b>, from any client: delays only. Never a refusal: AUTH for the account is
 *       always checked by account-service, so failures from strangers cannot lock its user out;</li>
 *   <li><b>per account and client</b>: from {@link Limits#failuresPerAccount()} failures on, AUTH for
 *       that account from that client (and only from it) is answered {@code 454 4.7.0} without
 *       asking account-service (one source trying one account).</li>
 * </ul>
 * The delay holds back a failed AUTH's {@code 535} and a refusal's {@code 454}: {@link Limits#failureDelay()}
 * after the first failure counted for the client or the account (whichever has more), doubling with
 * each further one up to {@link Limits#maxFailureDelay()}. A login that succeeds, or finds
 * account-service unavailable, is answered at once, so a user whose account is under attack still
 * logs in without waiting. A success forgives the account's failures and those of its pair with
 * that client; the client's own failures still count. A guesser spread over many clients is held
 * back by the account's delay on every guess but never refused; that is the price of no lockout.
 *
 * <p>Shared by every session; thread-safe. At most {@link #MAX_TRACKED} keys are remembered per
 * kind: expired entries are swept first, and past the cap new keys are not tracked (the cap keeps
 * memory bounded under a spray of addresses; the per-account delay still applies to them).
 */
public final class AuthThrottle {

    static final int MAX_TRACKED = 100_000;

    /**
     * @param failuresPerIp failures from one client (address, IPv6 /64) before its AUTH is refused for any account
     * @param failuresPerAccount failures for one account name from one client before AUTH for that account
     *     from that client is refused; the account's failures from elsewhere only delay
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
    private final ConcurrentMap<String, Failures> byAccountAndClient = new ConcurrentHashMap<>();

    public AuthThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Never delays, never refuses: for listeners and tests that do not throttle. */
    public static AuthThrottle off() {
        return OFF;
    }

    /**
     * True if AUTH from {@code clientIp} for {@code account} must be refused without asking anyone:
     * the client failed too often, or failed too often for this account. Failures for the account
     * from other clients never make this true.
     */
    public boolean refuses(String clientIp, String account) {
        Instant now = clock.instant();
        return count(byClient, clientKey(clientIp), now) >= limits.failuresPerIp()
                || count(byAccountAndClient, pairKey(clientIp, account), now) >= limits.failuresPerAccount();
    }

    /**
     * How long to hold back a failure or refusal of AUTH from {@code clientIp} for {@code account},
     * given the failures so far of the client and of the account (from anywhere).
     */
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
        record(byAccountAndClient, pairKey(clientIp, account), now);
    }

    /**
     * The account logged in from {@code clientIp}: its failures, and those for it from this client,
     * are forgiven; the client's failures for any account still count, as do other clients' for it.
     */
    public void succeeded(String clientIp, String account) {
        byAccount.remove(accountKey(account));
        byAccountAndClient.remove(pairKey(clientIp, account));
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

    /** The client key never holds a space, so the pair is unambiguous. */
    private static String pairKey(String clientIp, String account) {
        return clientKey(clientIp) + " " + accountKey(account);
    }

    /** Failures counted since {@code since}; they all expire together when the window has passed. */
    private record Failures(int count, Instant since) {
        boolean expired(Instant now, Duration window) {
            return !now.isBefore(since.plus(window));
        }
    }
}
