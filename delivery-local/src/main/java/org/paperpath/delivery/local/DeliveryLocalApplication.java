package org.paperpath.delivery.local;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs delivery-local alone (one container of the many-machine topology). It does nothing but import
 * {@link DeliveryLocalConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DeliveryLocalConfiguration.class)
public class DeliveryLocalApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryLocalApplication.class, args);
    }
}
