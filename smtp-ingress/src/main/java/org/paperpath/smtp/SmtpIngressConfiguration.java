package org.paperpath.smtp;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of smtp-ingress, under properties {@code paperpath.smtp.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class SmtpIngressConfiguration {
}
