package org.paperpath.account;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import javax.sql.DataSource;
import org.paperpath.service.PaperpathCommonConfiguration;
import org.paperpath.service.PaperpathProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every bean of account-service, under properties {@code paperpath.account.*}. Needs a PostgreSQL
 * {@link DataSource} (Boot's {@code spring.datasource.*}); Boot's Flyway runs
 * {@code db/migration}. Bean names start with {@code account}: standalone shares one context.
 */
@Configuration(proxyBeanMethods = false)
@Import({PaperpathCommonConfiguration.class, DomainController.class, MailboxController.class,
        AuthenticationController.class, DomainAdminController.class, MeController.class, AuditController.class,
        AccountApiErrors.class})
@EnableConfigurationProperties(AccountServiceProperties.class)
public class AccountServiceConfiguration {

    static final Duration OUTBOX_POLL = Duration.ofMillis(200);

    @Bean
    AccountStore accountStore(DataSource dataSource) {
        return new AccountStore(dataSource);
    }

    @Bean
    OutboxPublisher accountOutboxPublisher(AccountStore accountStore, PaperpathProperties paperpath, MeterRegistry meters) {
        return new OutboxPublisher(accountStore, paperpath.kafka().bootstrapServers(), OUTBOX_POLL, meters);
    }

    @Bean
    Accounts accounts(AccountStore accountStore, OutboxPublisher accountOutboxPublisher, MeterRegistry meters) {
        return new Accounts(accountStore, accountOutboxPublisher, meters);
    }

    @Bean
    DomainAdmins accountDomainAdmins(AccountStore accountStore) {
        return new DomainAdmins(new DomainAdminStore(accountStore));
    }

    @Bean
    AuditStore accountAuditStore(AccountStore accountStore) {
        return new AuditStore(accountStore);
    }

    @Bean
    FilterRegistrationBean<ApiCallerFilter> accountApiCallerFilter(AccountServiceProperties properties,
            DomainAdmins accountDomainAdmins, Accounts accounts) {
        FilterRegistrationBean<ApiCallerFilter> registration =
                new FilterRegistrationBean<>(new ApiCallerFilter(properties.adminToken(), accountDomainAdmins, accounts));
        registration.addUrlPatterns("/api/v1/*");
        registration.setName("accountApiCallerFilter");
        return registration;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> accountServiceTokenFilter(AccountServiceProperties properties) {
        FilterRegistrationBean<BearerTokenFilter> registration =
                new FilterRegistrationBean<>(new BearerTokenFilter(properties.serviceTokens(), "paperpath-services"));
        registration.addUrlPatterns("/internal/v1/authenticate");
        registration.setName("accountServiceTokenFilter");
        return registration;
    }

    @Bean
    HealthIndicator accountServiceHealth(AccountStore accountStore, OutboxPublisher accountOutboxPublisher) {
        return new AccountServiceHealth(accountStore, accountOutboxPublisher);
    }
}
