package org.paperpath.pop3.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;
import org.paperpath.pop3.Pop3GatewayConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class Pop3GatewayPropertiesTest {

    @Test
    void defaultsFollowTheRfcs() {
        Pop3GatewayProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("paperpath.pop3", Pop3GatewayProperties.class);

        assertThat(defaults.port()).isEqualTo(1110);
        assertThat(defaults.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.maxLineLength()).isEqualTo(255);
    }

    @Test
    void aBadValueStopsStartupNamingTheProperty() {
        new ApplicationContextRunner()
                .withBean(Authenticator.class, () -> (u, p, s, ip) -> new AuthResult.Rejected("test"))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(Pop3GatewayConfiguration.class)
                .withPropertyValues("paperpath.data-dir=/tmp/unused", "paperpath.pop3.port=70000")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("paperpath.pop3").hasMessageContaining("port"));
    }
}
