package org.paperpath.delivery.local;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of delivery-local, under properties {@code paperpath.delivery-local.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class DeliveryLocalConfiguration {
}
