package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /internal/v1/authenticate}: the identity and rights of a mailbox, or a bare rejection. */
class AuthenticateApiIT extends AccountApiTestBase {

    private Answer ask(String username, String service) throws Exception {
        return call("POST", "/internal/v1/authenticate", SERVICE,
                Map.of("username", username, "password", PASSWORD, "service", service, "remoteIp", "192.0.2.7"));
    }

    @Test
    void anAuthenticatedAnswerCarriesTheIdentityAndEveryServiceTheMailboxMayUse() throws Exception {
        createDomain("rights.auth.test");
        createMailbox("rights.auth.test", "rita");
        call("PATCH", "/api/v1/domains/rights.auth.test/mailboxes/rita", ADMIN, Map.of("access", Map.of("pop3", false)));

        Answer answer = ask("Rita@Rights.Auth.Test", "imap");

        assertThat(answer.status()).isEqualTo(200);
        String mailboxId = answer.json().path("mailboxId").asString();
        assertThat(UUID.fromString(mailboxId).toString()).as("the incarnation id").isEqualTo(mailboxId);
        assertThat(answer.json()).isEqualTo(JSON.readTree("""
                {"result":"authenticated","mailbox":"rita@rights.auth.test","domain":"rights.auth.test","localPart":"rita",
                 "services":{"imap":true,"pop3":false,"smtp":true},"mailboxId":"%s"}""".formatted(mailboxId)));
    }

    @Test
    void aServiceTheMailboxMayNotUseIsABareRejection() throws Exception {
        createDomain("denied.auth.test");
        createMailbox("denied.auth.test", "dora");
        call("PATCH", "/api/v1/domains/denied.auth.test/mailboxes/dora", ADMIN, Map.of("access", Map.of("smtp", false)));

        assertThat(ask("dora@denied.auth.test", "smtp").json()).isEqualTo(JSON.readTree("{\"result\":\"rejected\"}"));
        assertThat(ask("dora@denied.auth.test", "submission").json()).isEqualTo(JSON.readTree("{\"result\":\"rejected\"}"));
        assertThat(ask("dora@denied.auth.test", "pop3").json().path("services").path("smtp").asBoolean(true)).isFalse();
    }

    @Test
    void anExpiredOrDisabledMailboxIsABareRejectionForEveryService() throws Exception {
        createDomain("gone.auth.test");
        createMailbox("gone.auth.test", "expired");
        createMailbox("gone.auth.test", "disabled");
        call("PATCH", "/api/v1/domains/gone.auth.test/mailboxes/expired", ADMIN,
                Map.of("expiresAt", Instant.now().minusSeconds(60).toString()));
        call("PATCH", "/api/v1/domains/gone.auth.test/mailboxes/disabled", ADMIN, Map.of("enabled", false));

        for (String service : new String[] {"imap", "pop3", "smtp"}) {
            assertThat(ask("expired@gone.auth.test", service).json()).isEqualTo(JSON.readTree("{\"result\":\"rejected\"}"));
            assertThat(ask("disabled@gone.auth.test", service).json()).isEqualTo(JSON.readTree("{\"result\":\"rejected\"}"));
        }
    }
}
