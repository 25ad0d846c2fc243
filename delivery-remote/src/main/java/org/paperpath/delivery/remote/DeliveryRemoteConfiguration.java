package org.paperpath.delivery.remote;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of delivery-remote, under properties {@code paperpath.delivery-remote.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class DeliveryRemoteConfiguration {
}
