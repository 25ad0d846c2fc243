package org.paperpath.account;

import org.paperpath.service.PaperpathCommonConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Every bean of account-service, under properties {@code paperpath.account.*}. */
@Configuration(proxyBeanMethods = false)
@Import(PaperpathCommonConfiguration.class)
public class AccountServiceConfiguration {
}
