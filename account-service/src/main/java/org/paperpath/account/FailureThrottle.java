package org.paperpath.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing per account and per client address: the first {@code free} consecutive
 * failures of a key cost nothing (typos, a client retrying an old password once); after the n-th,
 * attempts under that key are refused unchecked for {@code base × 2^(n-free-1)}, at most {@code max}.
 * A refused attempt does not extend the penalty, so an attacker keeping an account throttled must
 * keep guessing at the slow rate. A success clears the account's and the address's record; a key without failure for
 * {@link #FORGET_AFTER} is forgotten. State is per replica and in memory.
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
    private final Clock clock;

    /** @param base the first penalty; zero turns throttling off */
    FailureThrottle(Duration base, Duration max, int free, Clock clock) {
        this.base = base;
        this.max = max;
        this.free = free;
        this.clock = clock;
    }

    /** Whether an attempt under any of these keys must be refused unchecked now. */
    boolean throttled(String... keys) {
        if (base.isZero()) {
            return false;
        }
        Instant now = clock.instant();
        for (String key : keys) {
            Failures recorded = failures.get(key);
            if (recorded != null && now.isBefore(recorded.last().plus(penalty(recorded.count())))) {
                return true;
            }
        }
        return false;
    }

    void failed(String... keys) {
        if (base.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (failures.size() >= MAX_KEYS) {
            shrink(now);
        }
        for (String key : keys) {
            failures.merge(key, new Failures(1, now), (old, one) ->
                    now.isAfter(old.last().plus(FORGET_AFTER)) ? one : new Failures(old.count() + 1, now));
        }
    }

    void succeeded(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }

    /** The refusal window after {@code count} consecutive failures. */
    Duration penalty(int count) {
        if (count <= free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - free - 1, 30);
        Duration penalty = base.multipliedBy(1L << doublings);
        return penalty.compareTo(max) > 0 ? max : penalty;
    }

    private void shrink(Instant now) {
        failures.values().removeIf(f -> now.isAfter(f.last().plus(FORGET_AFTER)));
        if (failures.size() >= MAX_KEYS) {
            log.warn("more than {} throttled keys; forgetting all of them", MAX_KEYS);
            failures.clear();
        }
    }
}
