package org.paperpath.smtp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * What an operator sees when a start-up is refused for {@code --paperpath.smtp.idle-timeout=5s} with
 * the default AUTH delays: Spring Boot's failure report names both properties, their values and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SmtpIngressProperties.class)
    static class OnlyProperties {
    }

    @Test
    void anIdleTimeoutShorterThanTheLongestAuthDelayStopsTheStartWithTheFix(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(OnlyProperties.class)
                .web(WebApplicationType.NONE)
                .run("--paperpath.smtp.idle-timeout=5s"))
                .hasStackTraceContaining("paperpath.smtp.auth.max-failure-delay (16s) must be shorter than"
                        + " paperpath.smtp.idle-timeout (5s)");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("paperpath.smtp.auth.max-failure-delay (16s) must be shorter than"
                        + " paperpath.smtp.idle-timeout (5s), or a client waiting for a held-back AUTH reply would be"
                        + " closed as idle: set paperpath.smtp.idle-timeout longer than 16s, or"
                        + " paperpath.smtp.auth.max-failure-delay shorter than 5s (and"
                        + " paperpath.smtp.auth.failure-delay at most that)");
    }
}
