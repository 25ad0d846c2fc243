package org.paperpath.queue;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs queue-service alone (one container of the many-machine topology). It does nothing but import
 * {@link QueueServiceConfiguration}, which standalone imports too: one wiring, two ways to run it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(QueueServiceConfiguration.class)
public class QueueServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueueServiceApplication.class, args);
    }
}
