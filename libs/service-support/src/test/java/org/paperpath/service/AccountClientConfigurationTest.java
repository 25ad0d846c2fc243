package org.paperpath.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;
import org.paperpath.account.client.HttpAuthenticator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AccountClientConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(AccountClientConfiguration.class);

    @Test
    void buildsAnHttpAuthenticatorFromTheProperties() {
        runner.withPropertyValues("paperpath.account-client.service-token=abcdefghijklmnop")
                .run(context -> {
                    assertThat(context).hasSingleBean(HttpAuthenticator.class);
                    assertThat(context.getBean(AccountClientProperties.class).baseUrl())
                            .hasToString("http://localhost:8080");
                });
    }

    @Test
    void refusesToStartWithoutAServiceToken() {
        runner.run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("paperpath.account-client.service-token"));
    }

    @Test
    void backsOffWhenTheContextHasAnAuthenticatorAlready() {
        Authenticator fake = (user, password, service, ip) -> new AuthResult.Rejected("fake");
        runner.withBean(Authenticator.class, () -> fake).run(context -> {
            assertThat(context).hasSingleBean(Authenticator.class);
            assertThat(context).doesNotHaveBean(HttpAuthenticator.class);
        });
    }
}
