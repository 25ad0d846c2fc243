package org.paperpath.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing per account and per client address. Each key (an account, an address)
 * counts its consecutive failed guesses; an attempt is judged by the worst of its keys. Two things
 * grow with the count {@code n}:
 *
 * <ul>
 *   <li><b>The refusal delay</b>: every failed guess is answered after {@code delayBase × 2^(n-1)}, at
 *       most {@code delayMax} ({@link #failed}). account-service does not wait it out itself: it tells
 *       the caller ({@code delayMillis} of {@code /internal/v1/authenticate}), and the gateway holds its
 *       refusal back without blocking a thread (a task scheduled on its event loop). It slows a client
 *       that guesses on one connection, one attempt after another.</li>
 *   <li><b>The lock</b>: after more than {@code free} failures, attempts under that key are refused
 *       unchecked, without hashing the password, for {@code base × 2^(n-free-1)}, at most {@code max},
 *       from the last failure ({@link #retryAfter}). That is what holds against guesses sent in
 *       parallel, which a per-reply delay does not slow. A refused attempt does not extend the lock, so
 *       an attacker keeping an account locked must keep guessing at the slow rate, and the rightful user
 *       gets in once it has passed.</li>
 * </ul>
 *
 * With the defaults (delays 250 ms doubling to 4 s, 3 free failures, locks 1 s doubling to 60 s) one
 * client guessing serially waits 0.25, 0.5, 1, 2, 4, 4 s for its first six answers and meets the lock
 * from the seventh failure on (8 s, longer than the delay), 60 s from the tenth.
 *
 * <p>A success clears the account's and the address's record; a key without failure for
 * {@link #FORGET_AFTER} is forgotten. A zero {@code base} turns all of it off, delays included. State is
 * per replica and in memory: with several replicas an attacker spread over them meets each one's limits.
 */
final class FailureThrottle {

    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Beyond this many keys the expired ones are dropped, and if that is not enough, all of them. */
    static final int MAX_KEYS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(FailureThrottle.class);

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Duration base;
    private final Duration max;
    private final int free;
    private final Duration delayBase;
    private final Duration delayMax;
    private final Clock clock;

    /**
     * @param base the first lock; zero turns throttling off, delays included
     * @param max the longest lock
     * @param free failures before the first lock
     * @param delayBase the refusal delay of the first failure; zero for none
     * @param delayMax the longest refusal delay
     */
    FailureThrottle(Duration base, Duration max, int free, Duration delayBase, Duration delayMax, Clock clock) {
        this.base = base;
        this.max = max;
        this.free = free;
        this.delayBase = delayBase;
        this.delayMax = delayMax;
        this.clock = clock;
    }

    /** Locks only, no refusal delays. */
    FailureThrottle(Duration base, Duration max, int free, Clock clock) {
        this(base, max, free, Duration.ZERO, Duration.ZERO, clock);
    }

    static FailureThrottle of(AccountServiceProperties.Throttle settings, Clock clock) {
        return new FailureThrottle(settings.base(), settings.max(), settings.freeFailures(), settings.delayBase(),
                settings.delayMax(), clock);
    }

    /** Whether an attempt under any of these keys must be refused unchecked now. */
    boolean throttled(String... keys) {
        return !retryAfter(keys).isZero();
    }

    /**
     * How long until no key of these is locked any more; {@link Duration#ZERO} when none is, and the
     * attempt may be checked.
     */
    Duration retryAfter(String... keys) {
        if (base.isZero()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys) {
            Failures recorded = failures.get(key);
            if (recorded != null) {
                Instant end = recorded.last().plus(penalty(recorded.count()));
                if (now.isBefore(end)) {
                    Duration remaining = Duration.between(now, end);
                    longest = remaining.compareTo(longest) > 0 ? remaining : longest;
                }
            }
        }
        return longest;
    }

    /** Records a failed guess under every key; answers how long its refusal is to be held back. */
    Duration failed(String... keys) {
        if (base.isZero()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            shrink(now);
        }
        int worst = 0;
        for (String key : keys) {
            Failures counted = failures.merge(key, new Failures(1, now), (old, one) ->
                    forgotten(old, now) ? one : new Failures(old.count() + 1, now));
            worst = Math.max(worst, counted.count());
        }
        return delay(worst);
    }

    /**
     * The delay a failed guess would get now, without recording one: for a refusal that is no guess
     * (the right password of a disabled mailbox, or of one without the service asked for), so that its
     * answer looks like a wrong password's. It does not count, so the next guess's delay does not grow:
     * a patient observer can still tell, as it could by the lock not starting.
     */
    Duration delayWithoutFailure(String... keys) {
        if (base.isZero()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        int worst = 0;
        for (String key : keys) {
            Failures recorded = failures.get(key);
            if (recorded != null && !forgotten(recorded, now)) {
                worst = Math.max(worst, recorded.count());
            }
        }
        return delay(worst + 1);
    }

    void succeeded(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }

    /** The lock after {@code count} consecutive failures. */
    Duration penalty(int count) {
        if (count <= free) {
            return Duration.ZERO;
        }
        return doubled(base, count - free - 1, max);
    }

    /** The refusal delay of the {@code count}-th consecutive failure. */
    Duration delay(int count) {
        if (count <= 0 || delayBase.isZero()) {
            return Duration.ZERO;
        }
        return doubled(delayBase, count - 1, delayMax);
    }

    private static Duration doubled(Duration first, int doublings, Duration limit) {
        Duration value = first.multipliedBy(1L << Math.min(doublings, 30));
        return value.compareTo(limit) > 0 ? limit : value;
    }

    private static boolean forgotten(Failures recorded, Instant now) {
        return now.isAfter(recorded.last().plus(FORGET_AFTER));
    }

    private void shrink(Instant now) {
        failures.values().removeIf(f -> forgotten(f, now));
        if (failures.size() >= MAX_KEYS) {
            log.warn("more than {} throttled keys; forgetting all of them", MAX_KEYS);
            failures.clear();
        }
    }
}
