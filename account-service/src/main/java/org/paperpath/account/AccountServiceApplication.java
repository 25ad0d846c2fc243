package org.paperpath.account;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs account-service alone (one container of the many-machine topology). It does nothing but import
 * {@link AccountServiceConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AccountServiceConfiguration.class)
public class AccountServiceApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AccountServiceApplication.class);
        // Defaults for running alone only: standalone sets its own, and jars share its classpath,
        // so none of this lives in an application.properties.
        application.setDefaultProperties(Map.of(
                "spring.application.name", "account-service",
                "management.endpoints.web.exposure.include", "health,prometheus",
                "management.endpoint.health.probes.enabled", "true"));
        application.run(args);
    }
}
