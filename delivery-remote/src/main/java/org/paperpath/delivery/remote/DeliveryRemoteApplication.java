package org.paperpath.delivery.remote;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs delivery-remote alone (one container of the many-machine topology). It does nothing but import
 * {@link DeliveryRemoteConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DeliveryRemoteConfiguration.class)
public class DeliveryRemoteApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryRemoteApplication.class, args);
    }
}
