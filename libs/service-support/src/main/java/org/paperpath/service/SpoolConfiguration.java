package org.paperpath.service;

import java.io.IOException;
import org.paperpath.spool.Spool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The message-body spool on the shared volume ({@code <data>/spool}). Imported by every service that
 * writes, reads or frees bodies; Spring registers it once however many services of one JVM import it.
 */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class SpoolConfiguration {

    @Bean
    public Spool paperpathSpool(PaperpathProperties properties) throws IOException {
        return new Spool(properties.spoolDir());
    }
}
