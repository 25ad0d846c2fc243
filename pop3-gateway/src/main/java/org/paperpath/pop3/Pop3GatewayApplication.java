package org.paperpath.pop3;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs pop3-gateway alone (one container of the many-machine topology). It does nothing but import
 * {@link Pop3GatewayConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Pop3GatewayConfiguration.class)
public class Pop3GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(Pop3GatewayApplication.class, args);
    }
}
