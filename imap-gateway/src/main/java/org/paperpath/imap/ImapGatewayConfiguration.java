package org.paperpath.imap;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of imap-gateway, under properties {@code paperpath.imap.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class ImapGatewayConfiguration {
}
