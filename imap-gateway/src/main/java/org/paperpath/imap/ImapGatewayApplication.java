package org.paperpath.imap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs imap-gateway alone (one container of the many-machine topology). It does nothing but import
 * {@link ImapGatewayConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ImapGatewayConfiguration.class)
public class ImapGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImapGatewayApplication.class, args);
    }
}
