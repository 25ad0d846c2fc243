package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Domain admins: issued and revoked by the operator, reaching their own domain's mailboxes only. */
class DomainAdminApiIT extends AccountApiTestBase {

    @Test
    void theOperatorIssuesATokenThatIsShownOnlyOnce() throws Exception {
        createDomain("issue.admins.test");

        Answer created = call("POST", "/api/v1/domains/issue.admins.test/admins", ADMIN, Map.of("name", "owner"));
        String token = created.json().path("token").asString();
        Answer listed = call("GET", "/api/v1/domains/issue.admins.test/admins", ADMIN, null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asString()).isEqualTo("owner");
        assertThat(created.json().path("domain").asString()).isEqualTo("issue.admins.test");
        assertThat(token).startsWith("ppda_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().findValuesAsString("name")).containsExactly("owner");
        assertThat(listed.body()).doesNotContain(token).doesNotContain("token");
        assertThat(callAs("GET", "/api/v1/audit?domain=issue.admins.test", bearer(ADMIN), null).body()).doesNotContain(token);
    }

    @Test
    void aDomainAdminManagesTheMailboxesOfItsDomain() throws Exception {
        createDomain("own.admins.test");
        String owner = bearer(createAdmin("own.admins.test", "owner"));
        String mailbox = "/api/v1/domains/own.admins.test/mailboxes/staff";

        Answer created = callAs("POST", "/api/v1/domains/own.admins.test/mailboxes", owner,
                Map.of("localPart", "staff", "password", PASSWORD));
        Answer read = callAs("GET", mailbox, owner, null);
        Answer listed = callAs("GET", "/api/v1/domains/own.admins.test/mailboxes", owner, null);
        Answer patched = callAs("PATCH", mailbox, owner, Map.of("displayName", "Staff"));
        Answer password = callAs("PUT", mailbox + "/password", owner, Map.of("password", "another good secret"));
        Answer domain = callAs("GET", "/api/v1/domains/own.admins.test", owner, null);
        Answer admins = callAs("GET", "/api/v1/domains/own.admins.test/admins", owner, null);
        Answer deleted = callAs("DELETE", mailbox, owner, null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(read.json().path("address").asString()).isEqualTo("staff@own.admins.test");
        assertThat(listed.json().path("items").findValuesAsString("localPart")).containsExactly("staff");
        assertThat(patched.json().path("displayName").asString()).isEqualTo("Staff");
        assertThat(password.status()).isEqualTo(204);
        assertThat(domain.json().path("name").asString()).isEqualTo("own.admins.test");
        assertThat(admins.json().findValuesAsString("name")).containsExactly("owner");
        assertThat(deleted.status()).isEqualTo(204);
    }

    @Test
    void aDomainAdminGets403OnEveryOtherDomainExistingOrNot() throws Exception {
        createDomain("mine.admins.test");
        createDomain("theirs.admins.test");
        createMailbox("theirs.admins.test", "victim");
        String owner = bearer(createAdmin("mine.admins.test", "owner"));

        for (String domain : List.of("theirs.admins.test", "THEIRS.admins.test", "nowhere.admins.test")) {
            String base = "/api/v1/domains/" + domain;
            assertProblem(callAs("GET", base, owner, null), 403, null);
            assertProblem(callAs("GET", base + "/mailboxes", owner, null), 403, null);
            assertProblem(callAs("POST", base + "/mailboxes", owner, Map.of("localPart", "intruder", "password", PASSWORD)),
                    403, null);
            assertProblem(callAs("GET", base + "/mailboxes/victim", owner, null), 403, null);
            assertProblem(callAs("PATCH", base + "/mailboxes/victim", owner, Map.of("enabled", false)), 403, null);
            assertProblem(callAs("PUT", base + "/mailboxes/victim/password", owner, Map.of("password", "taken over now")),
                    403, null);
            assertProblem(callAs("DELETE", base + "/mailboxes/victim", owner, null), 403, null);
            assertProblem(callAs("GET", base + "/admins", owner, null), 403, null);
            assertProblem(callAs("GET", "/api/v1/audit?domain=" + domain, owner, null), 403, null);
        }
        assertThat(call("GET", "/api/v1/domains/theirs.admins.test/mailboxes/victim", ADMIN, null).json()
                .path("enabled").asBoolean()).isTrue();
        assertThat(authenticate("victim@theirs.admins.test", PASSWORD, "imap")).isEqualTo("authenticated");
        assertThat(call("GET", "/api/v1/domains/theirs.admins.test/mailboxes", ADMIN, null).body()).doesNotContain("intruder");
    }

    @Test
    void aDomainAdminCannotCreateDomainsChangeItsLimitsOrIssueTokens() throws Exception {
        createDomain("limited.admins.test");
        String owner = bearer(createAdmin("limited.admins.test", "owner"));

        assertProblem(callAs("POST", "/api/v1/domains", owner, Map.of("name", "grab.admins.test")), 403, null);
        assertProblem(callAs("PATCH", "/api/v1/domains/limited.admins.test", owner, Map.of("maxMailboxes", 1000)), 403, null);
        assertProblem(callAs("DELETE", "/api/v1/domains/limited.admins.test", owner, null), 403, null);
        assertProblem(callAs("POST", "/api/v1/domains/limited.admins.test/admins", owner, Map.of("name", "second")), 403, null);
        assertProblem(callAs("DELETE", "/api/v1/domains/limited.admins.test/admins/owner", owner, null), 403, null);

        assertProblem(call("GET", "/api/v1/domains/grab.admins.test", ADMIN, null), 404, "domain");
        assertThat(call("GET", "/api/v1/domains/limited.admins.test", ADMIN, null).json().path("maxMailboxes").isNull()).isTrue();
        assertThat(call("GET", "/api/v1/domains/limited.admins.test/admins", ADMIN, null).json().findValuesAsString("name"))
                .containsExactly("owner");
    }

    @Test
    void aDomainAdminListsOnlyItsOwnDomain() throws Exception {
        createDomain("listed.admins.test");
        createDomain("hidden.admins.test");
        String owner = bearer(createAdmin("listed.admins.test", "owner"));

        Answer list = callAs("GET", "/api/v1/domains", owner, null);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("items").findValuesAsString("name")).containsExactly("listed.admins.test");
        assertThat(list.json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void theAdminListIsPagedAndAnUnknownDomain404() throws Exception {
        createDomain("paged.admins.test");
        for (String name : List.of("a1", "a2", "a3")) {
            createAdmin("paged.admins.test", name);
        }

        Answer first = call("GET", "/api/v1/domains/paged.admins.test/admins?page=0&size=2", ADMIN, null);
        Answer second = call("GET", "/api/v1/domains/paged.admins.test/admins?page=1&size=2", ADMIN, null);

        assertThat(first.json().path("items").findValuesAsString("name")).containsExactly("a1", "a2");
        assertThat(second.json().path("items").findValuesAsString("name")).containsExactly("a3");
        assertThat(first.json().path("total").asLong()).isEqualTo(3);
        assertThat(first.json().path("size").asInt()).isEqualTo(2);
        assertThat(second.json().path("page").asInt()).isEqualTo(1);
        assertProblem(call("GET", "/api/v1/domains/paged.admins.test/admins?size=0", ADMIN, null), 400, "size");
        assertProblem(call("GET", "/api/v1/domains/paged.admins.test/admins?page=-1", ADMIN, null), 400, "page");
        assertProblem(call("GET", "/api/v1/domains/nowhere.admins.test/admins", ADMIN, null), 404, "domain");
    }

    @Test
    void aRevokedTokenIs401AtOnce() throws Exception {
        createDomain("revoke.admins.test");
        String owner = bearer(createAdmin("revoke.admins.test", "leaver"));
        assertThat(callAs("GET", "/api/v1/domains/revoke.admins.test", owner, null).status()).isEqualTo(200);

        Answer revoked = call("DELETE", "/api/v1/domains/revoke.admins.test/admins/leaver", ADMIN, null);

        assertThat(revoked.status()).isEqualTo(204);
        assertProblem(callAs("GET", "/api/v1/domains/revoke.admins.test", owner, null), 401, null);
        assertProblem(call("DELETE", "/api/v1/domains/revoke.admins.test/admins/leaver", ADMIN, null), 404, "name");
    }

    @Test
    void deletingTheDomainRevokesItsAdmins() throws Exception {
        createDomain("gone.admins.test");
        String owner = bearer(createAdmin("gone.admins.test", "owner"));

        assertThat(call("DELETE", "/api/v1/domains/gone.admins.test", ADMIN, null).status()).isEqualTo(204);

        assertProblem(callAs("GET", "/api/v1/domains", owner, null), 401, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Owner", "-owner", "has space", "a/b", "..", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aBadAdminNameIs400(String name) throws Exception {
        if (call("GET", "/api/v1/domains/names.admins.test", ADMIN, null).status() == 404) {
            createDomain("names.admins.test");
        }

        assertProblem(call("POST", "/api/v1/domains/names.admins.test/admins", ADMIN, Map.of("name", name)), 400, "name");
    }

    @Test
    void aDuplicateAdminIs409AndAnUnknownDomain404() throws Exception {
        createDomain("dup.admins.test");
        createAdmin("dup.admins.test", "owner");

        assertProblem(call("POST", "/api/v1/domains/dup.admins.test/admins", ADMIN, Map.of("name", "owner")), 409, "name");
        assertProblem(call("POST", "/api/v1/domains/nowhere.admins.test/admins", ADMIN, Map.of("name", "owner")), 404, "domain");
        assertProblem(call("POST", "/api/v1/domains/dup.admins.test/admins", ADMIN, Map.of()), 400, "name");
    }

    @Test
    void aForgedOrMissingTokenIs401() throws Exception {
        createDomain("forged.admins.test");
        String token = createAdmin("forged.admins.test", "owner");

        assertProblem(callAs("GET", "/api/v1/domains/forged.admins.test", bearer(token + "x"), null), 401, null);
        assertProblem(callAs("GET", "/api/v1/domains/forged.admins.test", bearer("ppda_" + "A".repeat(43)), null), 401, null);
        assertProblem(callAs("GET", "/api/v1/domains/forged.admins.test/admins", null, null), 401, null);
        assertProblem(callAs("POST", "/api/v1/domains/forged.admins.test/admins", null, Map.of("name", "x")), 401, null);
        assertProblem(callAs("DELETE", "/api/v1/domains/forged.admins.test/admins/owner", null, null), 401, null);
        assertThat(callAs("GET", "/api/v1/domains/forged.admins.test", bearer(token), null).status()).isEqualTo(200);
    }
}
