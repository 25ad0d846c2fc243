package org.paperpath.queue;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of queue-service, under properties {@code paperpath.queue.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class QueueServiceConfiguration {
}
