package org.paperpath.account;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
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
        MailboxImportController.class, AliasController.class, DomainRoutingController.class, AccountApiErrors.class,
        AccountApiProblems.class, AccountApiDocumentation.class})
@EnableConfigurationProperties(AccountServiceProperties.class)
public class AccountServiceConfiguration {

    static final Duration OUTBOX_POLL = Duration.ofMillis(200);

    @Bean
    AccountDatabase accountDatabase(DataSource dataSource) {
        return new AccountDatabase(dataSource);
    }

    @Bean
    OutboxPublisher accountOutboxPublisher(AccountDatabase accountDatabase, PaperpathProperties paperpath,
            MeterRegistry meters) {
        return new OutboxPublisher(accountDatabase, paperpath.kafka().bootstrapServers(), OUTBOX_POLL, meters);
    }

    @Bean
    DomainStore accountDomainStore(AccountDatabase accountDatabase) {
        return new DomainStore(accountDatabase, new OutboxWriter(accountDatabase.jdbc()),
                new LoopDetector(accountDatabase.jdbc()));
    }

    @Bean
    Domains accountDomains(AccountDatabase accountDatabase, DomainStore accountDomainStore,
            OutboxPublisher accountOutboxPublisher) {
        return new Domains(accountDomainStore, new AliasDomainStore(accountDatabase, accountDomainStore,
                new OutboxWriter(accountDatabase.jdbc()), new LoopDetector(accountDatabase.jdbc())), accountOutboxPublisher);
    }

    @Bean
    Mailboxes accountMailboxes(AccountDatabase accountDatabase, DomainStore accountDomainStore,
            OutboxPublisher accountOutboxPublisher) {
        MailboxStore store = new MailboxStore(accountDatabase, accountDomainStore, new OutboxWriter(accountDatabase.jdbc()),
                new LoopDetector(accountDatabase.jdbc()));
        return new Mailboxes(accountDomainStore, store, new CredentialStore(accountDatabase), accountOutboxPublisher);
    }

    @Bean
    Aliases accountAliases(AccountDatabase accountDatabase, DomainStore accountDomainStore,
            OutboxPublisher accountOutboxPublisher) {
        AliasStore store = new AliasStore(accountDatabase, accountDomainStore, new OutboxWriter(accountDatabase.jdbc()),
                new LoopDetector(accountDatabase.jdbc()));
        return new Aliases(accountDomainStore, store, accountOutboxPublisher);
    }

    @Bean
    Logins accountLogins(AccountDatabase accountDatabase, AccountServiceProperties properties, MeterRegistry meters) {
        FailureThrottle throttle = FailureThrottle.of(properties.throttle(), Clock.systemUTC());
        return new Logins(new CredentialStore(accountDatabase), throttle, meters);
    }

    @Bean
    DomainAdmins accountDomainAdmins(AccountDatabase accountDatabase) {
        return new DomainAdmins(new DomainAdminStore(accountDatabase));
    }

    @Bean
    AuditStore accountAuditStore(AccountDatabase accountDatabase) {
        return new AuditStore(accountDatabase);
    }

    @Bean
    FilterRegistrationBean<ApiCallerFilter> accountApiCallerFilter(AccountServiceProperties properties,
            DomainAdmins accountDomainAdmins, Logins accountLogins) {
        FilterRegistrationBean<ApiCallerFilter> registration =
                new FilterRegistrationBean<>(new ApiCallerFilter(properties.adminToken(), accountDomainAdmins, accountLogins));
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

    /** The OpenAPI document's header ({@code /v3/api-docs}); springdoc derives the paths from the controllers. */
    @Bean
    OpenAPI accountOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Paperpath account-service").version("v1")
                        .description("Domains, catch-alls, alias domains, mailboxes, forwarding, autoresponders, aliases, domain admins,"
                                + " self-service and the audit trail."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("the admin token, a domain admin's token, or (internal) a service token"))
                        .addSecuritySchemes("mailboxUser", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("a mailbox's address and password; /api/v1/me only")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("mailboxUser"));
    }

    @Bean
    HealthIndicator accountServiceHealth(AccountDatabase accountDatabase, OutboxPublisher accountOutboxPublisher) {
        return new AccountServiceHealth(accountDatabase, accountOutboxPublisher);
    }
}
