package org.paperpath.smtp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    private final SettableClock clock = new SettableClock();
    private final AuthThrottle throttle = new AuthThrottle(new AuthThrottle.Limits(4, 3, Duration.ofMinutes(15),
            Duration.ofSeconds(1), Duration.ofSeconds(5)), clock);

    @Test
    void noFailuresMeansNoDelay() {
        assertThat(throttle.delay("192.0.2.1", "alice@example.test")).isZero();
        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).isFalse();
    }

    @Test
    void theDelayDoublesWithEachFailureUpToTheCap() {
        throttle.failed("192.0.2.1", "a@example.test");
        assertThat(throttle.delay("192.0.2.1", "b@example.test")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("192.0.2.1", "b@example.test");
        assertThat(throttle.delay("192.0.2.1", "c@example.test")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("192.0.2.1", "c@example.test");
        assertThat(throttle.delay("192.0.2.1", "d@example.test")).isEqualTo(Duration.ofSeconds(4));
        throttle.failed("192.0.2.1", "d@example.test");
        assertThat(throttle.delay("192.0.2.1", "e@example.test")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anAccountsFailuresFromOtherAddressesOnlyDelayItNeverRefuseIt() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("192.0.2." + (i % 3 + 1), i % 2 == 0 ? "Alice@example.test" : "alice@example.test");
        }

        assertThat(throttle.refuses("198.51.100.1", "ALICE@example.test")).isFalse();
        assertThat(throttle.delay("198.51.100.1", "alice@example.test")).isEqualTo(Duration.ofSeconds(5));
        assertThat(throttle.refuses("198.51.100.1", "bob@example.test")).isFalse();
        assertThat(throttle.delay("198.51.100.1", "bob@example.test")).isZero();
    }

    @Test
    void anAccountIsRefusedOnlyFromTheAddressThatFailedForIt() {
        throttle.failed("192.0.2.1", "Alice@example.test");
        throttle.failed("192.0.2.1", "alice@example.test");
        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).isFalse();
        throttle.failed("192.0.2.1", "alice@example.test");

        assertThat(throttle.refuses("192.0.2.1", "ALICE@example.test")).isTrue();
        assertThat(throttle.delay("192.0.2.1", "alice@example.test")).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.refuses("192.0.2.1", "bob@example.test")).isFalse();
        assertThat(throttle.refuses("192.0.2.2", "alice@example.test")).isFalse();
    }

    @Test
    void anAccountIsRefusedFromTheSlash64ThatFailedForIt() {
        for (String host : new String[] {"1", "2", "3"}) {
            throttle.failed("2001:db8:1:2:0:0:0:" + host, "alice@example.test");
        }
        assertThat(throttle.refuses("2001:db8:1:2:ffff:0:0:9", "alice@example.test")).isTrue();
        assertThat(throttle.refuses("2001:db8:1:3:0:0:0:1", "alice@example.test")).isFalse();
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresForAnyAccount() {
        for (String user : new String[] {"a", "b", "c", "d"}) {
            throttle.failed("192.0.2.1", user + "@example.test");
        }
        assertThat(throttle.refuses("192.0.2.1", "new@example.test")).isTrue();
        assertThat(throttle.refuses("192.0.2.2", "new@example.test")).isFalse();
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        for (String host : new String[] {"1", "2", "3", "4"}) {
            throttle.failed("2001:db8:1:2:0:0:0:" + host, host + "@example.test");
        }
        assertThat(throttle.refuses("2001:db8:1:2:ffff:0:0:9", "new@example.test")).isTrue();
        assertThat(throttle.refuses("2001:db8:1:3:0:0:0:1", "new@example.test")).isFalse();
    }

    @Test
    void failuresExpireWithTheWindow() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("192.0.2.1", "alice@example.test");
        }
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).isTrue();
        assertThat(throttle.refuses("192.0.2.1", "bob@example.test")).isTrue();
        assertThat(throttle.delay("192.0.2.9", "alice@example.test")).isEqualTo(Duration.ofSeconds(5));

        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).isFalse();
        assertThat(throttle.refuses("192.0.2.1", "bob@example.test")).isFalse();
        assertThat(throttle.delay("192.0.2.1", "alice@example.test")).isZero();
    }

    @Test
    void aSuccessForgivesTheAccountAndItsPairWithTheAddressButNotTheAddress() {
        throttle.failed("192.0.2.1", "alice@example.test");
        throttle.failed("192.0.2.1", "alice@example.test");
        throttle.succeeded("192.0.2.1", "alice@example.test");

        assertThat(throttle.delay("192.0.2.2", "alice@example.test")).isZero();
        assertThat(throttle.delay("192.0.2.1", "bob@example.test")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("192.0.2.1", "alice@example.test");
        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).as("1 of 3 since the success").isFalse();
    }

    @Test
    void aSuccessElsewhereDoesNotForgiveTheAddressThatFailedForTheAccount() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("192.0.2.1", "alice@example.test");
        }
        throttle.succeeded("198.51.100.1", "alice@example.test");

        assertThat(throttle.refuses("192.0.2.1", "alice@example.test")).isTrue();
        assertThat(throttle.refuses("198.51.100.1", "alice@example.test")).isFalse();
        assertThat(throttle.delay("198.51.100.1", "alice@example.test")).isZero();
    }

    @Test
    void offNeverDelaysOrRefuses() {
        AuthThrottle off = AuthThrottle.off();
        for (int i = 0; i < 50; i++) {
            off.failed("192.0.2.1", "alice@example.test");
        }
        assertThat(off.refuses("192.0.2.1", "alice@example.test")).isFalse();
        assertThat(off.delay("192.0.2.1", "alice@example.test")).isZero();
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new AuthThrottle.Limits(0, 1, Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthThrottle.Limits(1, 1, Duration.ofMinutes(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
