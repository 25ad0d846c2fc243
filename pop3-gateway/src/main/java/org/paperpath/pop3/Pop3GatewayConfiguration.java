package org.paperpath.pop3;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of pop3-gateway, under properties {@code paperpath.pop3.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class Pop3GatewayConfiguration {
}
