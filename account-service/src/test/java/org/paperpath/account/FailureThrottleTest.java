package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final FailureThrottle throttle = new FailureThrottle(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, clock);

    @Test
    void thePenaltyDoublesWithEachFailureUpToTheMaximum() {
        assertThat(throttle.penalty(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.penalty(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.penalty(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(throttle.penalty(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.penalty(1_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aKeyIsThrottledForItsPenaltyAfterAFailureAndFreeAfterwards() {
        assertThat(throttle.throttled("user:a", "ip:1")).isFalse();

        throttle.failed("user:a", "ip:1");
        throttle.failed("user:a", "ip:1");

        assertThat(throttle.throttled("user:a", "ip:2")).isTrue();
        assertThat(throttle.throttled("user:b", "ip:1")).isTrue();
        assertThat(throttle.throttled("user:b", "ip:2")).isFalse();
        clock.advance(Duration.ofMillis(1_999));
        assertThat(throttle.throttled("user:a")).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.throttled("user:a")).isFalse();
    }

    @Test
    void aSuccessClearsTheKeysAndLongQuietForgetsThem() {
        throttle.failed("user:a", "ip:1");
        throttle.succeeded("user:a", "ip:1");
        assertThat(throttle.throttled("user:a", "ip:1")).isFalse();

        for (int i = 0; i < 5; i++) {
            throttle.failed("user:c");
        }
        clock.advance(FailureThrottle.FORGET_AFTER.plusSeconds(1));
        throttle.failed("user:c");

        assertThat(throttle.throttled("user:c")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.throttled("user:c")).isFalse();
    }

    @Test
    void theFreeFailuresCostNothing() {
        FailureThrottle lenient = new FailureThrottle(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, clock);

        for (int i = 0; i < 3; i++) {
            lenient.failed("user:a");
        }
        boolean afterThree = lenient.throttled("user:a");
        lenient.failed("user:a");

        assertThat(afterThree).isFalse();
        assertThat(lenient.throttled("user:a")).isTrue();
        assertThat(lenient.penalty(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(lenient.penalty(5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aZeroBaseTurnsThrottlingOff() {
        FailureThrottle off = new FailureThrottle(Duration.ZERO, Duration.ofSeconds(30), 0, Duration.ofMillis(250),
                Duration.ofSeconds(4), clock);

        Duration delay = off.failed("user:a");

        assertThat(off.throttled("user:a")).isFalse();
        assertThat(off.retryAfter("user:a")).isZero();
        assertThat(delay).as("no delay either").isZero();
        assertThat(off.delayWithoutFailure("user:a")).isZero();
    }

    private final FailureThrottle delaying = new FailureThrottle(Duration.ofSeconds(1), Duration.ofSeconds(60), 3,
            Duration.ofMillis(250), Duration.ofSeconds(4), clock);

    @Test
    void eachFailureIsHeldBackLongerThanTheLastUpToTheMaximumDelay() {
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(250));
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(500));
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(1_000));
        assertThat(delaying.throttled("user:a")).as("three failures are free of the lock").isFalse();
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(2_000));
        clock.advance(Duration.ofSeconds(1));
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(4_000));
        clock.advance(Duration.ofSeconds(2));
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofMillis(4_000));
        assertThat(delaying.delay(1_000)).isEqualTo(Duration.ofSeconds(4));
        assertThat(delaying.delay(0)).isZero();
    }

    @Test
    void theDelayFollowsTheWorstKey() {
        for (int i = 0; i < 3; i++) {
            delaying.failed("user:" + i, "ip:1");
        }

        assertThat(delaying.failed("user:new", "ip:1")).as("the address's fourth").isEqualTo(Duration.ofSeconds(2));
        assertThat(delaying.failed("user:other", "ip:2")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRefusalThatIsNoGuessGetsTheNextDelayWithoutCounting() {
        delaying.failed("user:a", "ip:1");
        delaying.failed("user:a", "ip:1");

        assertThat(delaying.delayWithoutFailure("user:a", "ip:1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(delaying.delayWithoutFailure("user:a", "ip:1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(delaying.failed("user:a", "ip:1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(delaying.delayWithoutFailure("user:b", "ip:2")).isEqualTo(Duration.ofMillis(250));
        clock.advance(FailureThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(delaying.delayWithoutFailure("user:a")).as("forgotten").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void retryAfterIsWhatRemainsOfTheLongestLock() {
        for (int i = 0; i < 5; i++) {
            delaying.failed("user:a");
        }
        for (int i = 0; i < 4; i++) {
            delaying.failed("ip:1");
        }

        assertThat(delaying.retryAfter("user:a", "ip:1")).isEqualTo(Duration.ofSeconds(2));
        assertThat(delaying.retryAfter("ip:1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(1_500));
        assertThat(delaying.retryAfter("user:a", "ip:1")).isEqualTo(Duration.ofMillis(500));
        assertThat(delaying.retryAfter("ip:1", "user:b")).isZero();
        clock.advance(Duration.ofMillis(500));
        assertThat(delaying.retryAfter("user:a", "ip:1")).isZero();
    }

    @Test
    void retryAfterSecondsRoundUpAndAreAtLeastOne() {
        assertThat(new Authentication.Throttled(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(new Authentication.Throttled(Duration.ofMillis(1_001)).retryAfterSeconds()).isEqualTo(2);
        assertThat(new Authentication.Throttled(Duration.ofSeconds(60)).retryAfterSeconds()).isEqualTo(60);
    }
}
