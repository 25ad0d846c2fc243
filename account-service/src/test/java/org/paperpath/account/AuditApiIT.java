package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/audit}: who changed what, when and from where; scoped for domain admins. */
class AuditApiIT extends AccountApiTestBase {

    private List<JsonNode> entries(String authorization, String domain) throws Exception {
        Answer answer = callAs("GET", "/api/v1/audit?size=500&domain=" + domain, authorization, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("items").valueStream().toList();
    }

    @Test
    void everyChangeIsRecordedNewestFirstWithoutSecrets() throws Exception {
        Instant start = Instant.now().minusSeconds(5);
        createDomain("trail.audit.test");
        createMailbox("trail.audit.test", "uma");
        call("PATCH", "/api/v1/domains/trail.audit.test/mailboxes/uma", ADMIN, Map.of("quotaBytes", 1000, "enabled", false));
        call("PUT", "/api/v1/domains/trail.audit.test/mailboxes/uma/password", ADMIN, Map.of("password", "audited new secret"));
        call("DELETE", "/api/v1/domains/trail.audit.test/mailboxes/uma", ADMIN, null);
        call("PATCH", "/api/v1/domains/trail.audit.test", ADMIN, Map.of("maxMailboxes", 3));
        createAdmin("trail.audit.test", "owner");
        call("DELETE", "/api/v1/domains/trail.audit.test/admins/owner", ADMIN, null);
        call("DELETE", "/api/v1/domains/trail.audit.test", ADMIN, null);

        List<JsonNode> entries = entries(bearer(ADMIN), "trail.audit.test");

        assertThat(entries).extracting(e -> e.path("action").asString()).containsExactly("domain.delete", "admin.revoke",
                "admin.create", "domain.update", "mailbox.delete", "mailbox.password", "mailbox.update", "mailbox.create",
                "domain.create");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("actor").asString()).isEqualTo("admin");
            assertThat(e.path("remoteAddress").asString()).isEqualTo("127.0.0.1");
            assertThat(Duration.between(start, Instant.parse(e.path("at").asString())).toSeconds()).isBetween(0L, 120L);
            assertThat(e.path("domain").asString()).isEqualTo("trail.audit.test");
        });
        assertThat(entries.get(6).path("target").asString()).isEqualTo("uma@trail.audit.test");
        assertThat(entries.get(6).path("detail").asString()).isEqualTo("enabled,quotaBytes");
        assertThat(entries.toString()).doesNotContain("audited new secret").doesNotContain(PASSWORD).doesNotContain("ppda_");
    }

    @Test
    void aDomainAdminSeesItsOwnDomainOnlyAndIsNamedAsActor() throws Exception {
        createDomain("own.audit.test");
        createDomain("other.audit.test");
        createMailbox("other.audit.test", "hidden");
        String owner = bearer(createAdmin("own.audit.test", "owner"));
        callAs("POST", "/api/v1/domains/own.audit.test/mailboxes", owner, Map.of("localPart", "vera", "password", PASSWORD));

        Answer all = callAs("GET", "/api/v1/audit?size=500", owner, null);

        assertThat(all.json().path("items").findValuesAsString("domain")).isNotEmpty().containsOnly("own.audit.test");
        assertThat(all.json().path("items").get(0).path("actor").asString()).isEqualTo("domain-admin:owner@own.audit.test");
        assertThat(all.json().path("items").get(0).path("target").asString()).isEqualTo("vera@own.audit.test");
        assertThat(all.body()).doesNotContain("other.audit.test");
        assertProblem(callAs("GET", "/api/v1/audit?domain=other.audit.test", owner, null), 403, null);
        assertThat(entries(bearer(ADMIN), "other.audit.test")).extracting(e -> e.path("action").asString())
                .containsExactly("mailbox.create", "domain.create");
    }

    @Test
    void aSelfServicePasswordChangeIsRecordedAsTheUser() throws Exception {
        createDomain("self.audit.test");
        createMailbox("self.audit.test", "walt");

        Answer changed = callAs("PUT", "/api/v1/me/password", basic("walt@self.audit.test", PASSWORD),
                Map.of("password", "a fresh secret phrase"));

        assertThat(changed.status()).isEqualTo(204);
        JsonNode latest = entries(bearer(ADMIN), "self.audit.test").get(0);
        assertThat(latest.path("action").asString()).isEqualTo("mailbox.password");
        assertThat(latest.path("actor").asString()).isEqualTo("mailbox:walt@self.audit.test");
    }

    @Test
    void aRefusedChangeIsNotRecorded() throws Exception {
        createDomain("refused.audit.test");
        createMailbox("refused.audit.test", "xena");

        call("PATCH", "/api/v1/domains/refused.audit.test/mailboxes/xena", ADMIN, Map.of("quotaBytes", -1));
        call("POST", "/api/v1/domains/refused.audit.test/mailboxes", ADMIN, Map.of("localPart", "xena", "password", PASSWORD));

        assertThat(entries(bearer(ADMIN), "refused.audit.test")).extracting(e -> e.path("action").asString())
                .containsExactly("mailbox.create", "domain.create");
    }

    @Test
    void theAuditTrailWantsAnAdminOrDomainAdmin() throws Exception {
        assertProblem(callAs("GET", "/api/v1/audit", null, null), 401, null);
        assertProblem(callAs("GET", "/api/v1/audit", bearer(SERVICE), null), 401, null);
        assertProblem(call("GET", "/api/v1/audit?size=0", ADMIN, null), 400, "size");
    }
}
