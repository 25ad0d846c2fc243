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
        FailureThrottle off = new FailureThrottle(Duration.ZERO, Duration.ofSeconds(30), 0, clock);

        off.failed("user:a");

        assertThat(off.throttled("user:a")).isFalse();
    }
}
