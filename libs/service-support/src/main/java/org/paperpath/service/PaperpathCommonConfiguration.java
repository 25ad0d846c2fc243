package org.paperpath.service;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Imported by every service's configuration; Spring registers it once however many services of one
 * JVM import it, so standalone and a single service bind the same {@link PaperpathProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaperpathProperties.class)
public class PaperpathCommonConfiguration {
}
