package org.paperpath.smtp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs smtp-ingress alone (one container of the many-machine topology). It does nothing but import
 * {@link SmtpIngressConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SmtpIngressConfiguration.class)
public class SmtpIngressApplication {

    public static void main(String[] args) {
        SpringApplication.run(SmtpIngressApplication.class, args);
    }
}
