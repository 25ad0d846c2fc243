package org.paperpath.account;

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
        SpringApplication.run(AccountServiceApplication.class, args);
    }
}
