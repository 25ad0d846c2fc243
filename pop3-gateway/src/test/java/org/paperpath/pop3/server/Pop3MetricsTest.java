package org.paperpath.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.paperpath.pop3.protocol.Pop3Events.LoginResult;

class Pop3MetricsTest {

    @Test
    void aThrottledLoginIsCountedApartFromARejectedOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Pop3Metrics metrics = new Pop3Metrics(registry);

        metrics.login("alice@example.test", "192.0.2.7", LoginResult.THROTTLED);
        metrics.login("alice@example.test", "192.0.2.7", LoginResult.THROTTLED);
        metrics.login("alice@example.test", "192.0.2.7", LoginResult.REJECTED);

        assertThat(registry.get("paperpath.pop3.logins").tag("result", "throttled").counter().count()).isEqualTo(2);
        assertThat(registry.get("paperpath.pop3.logins").tag("result", "rejected").counter().count()).isEqualTo(1);
        assertThat(registry.get("paperpath.pop3.logins").tag("result", "ok").counter().count()).isZero();
    }
}
