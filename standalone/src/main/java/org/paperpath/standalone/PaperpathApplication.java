package org.paperpath.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The whole system in one JVM. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class PaperpathApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaperpathApplication.class, args);
    }
}
