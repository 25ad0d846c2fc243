package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every POST and PUT body is read as strictly as a PATCH: a field the API does not have is 400
 * naming it, never ignored (an operator's misspelt setting must not be lost silently), and nothing
 * is created or changed. A domain's settings can be given when it is created.
 */
class StrictBodiesIT extends AccountApiTestBase {

    @Test
    void aDomainIsCreatedWithItsLimitsAndEnabledFlag() throws Exception {
        Answer created = call("POST", "/api/v1/domains", ADMIN,
                Map.of("name", "other.strict.test", "defaultQuotaBytes", 1000000, "maxMailboxes", 2, "enabled", false));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json()).isEqualTo(JSON.readTree("""
                {"name":"other.strict.test","enabled":false,"defaultQuotaBytes":1000000,"maxMailboxes":2,"catchAll":null,
                 "aliasDomains":[]}"""));
        assertThat(call("GET", "/api/v1/domains/other.strict.test", ADMIN, null).json()).isEqualTo(created.json());
        Answer mailbox = call("POST", "/api/v1/domains/other.strict.test/mailboxes", ADMIN,
                Map.of("localPart", "first", "password", PASSWORD));
        assertThat(mailbox.json().path("quotaBytes").asLong()).isEqualTo(1000000);
        createMailbox("other.strict.test", "second");
        assertProblem(call("POST", "/api/v1/domains/other.strict.test/mailboxes", ADMIN,
                Map.of("localPart", "third", "password", PASSWORD)), 409, "maxMailboxes");
    }

    @Test
    void aDomainWithoutSettingsIsEnabledWithoutLimits() throws Exception {
        Answer created = createDomain("plain.strict.test");

        assertThat(created.json().path("enabled").asBoolean()).isTrue();
        assertThat(created.json().path("defaultQuotaBytes").isNull()).isTrue();
        assertThat(created.json().path("maxMailboxes").isNull()).isTrue();
    }

    @Test
    void badDomainSettingsAre400AndCreateNothing() throws Exception {
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "neg.strict.test", "defaultQuotaBytes", -1)),
                400, "defaultQuotaBytes");
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "neg.strict.test", "maxMailboxes", -1)),
                400, "maxMailboxes");
        assertProblem(call("GET", "/api/v1/domains/neg.strict.test", ADMIN, null), 404, "domain");
    }

    @Test
    void anUnknownFieldInADomainCreationIs400AndCreatesNothing() throws Exception {
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "unk.strict.test", "bogus", 1)), 400, "bogus");
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "unk.strict.test", "maxMailbox", 2)), 400,
                "maxMailbox");
        assertProblem(call("GET", "/api/v1/domains/unk.strict.test", ADMIN, null), 404, "domain");
    }

    @Test
    void anUnknownFieldInAMailboxCreationIs400AndCreatesNothing() throws Exception {
        createDomain("mailbox.strict.test");
        String mailboxes = "/api/v1/domains/mailbox.strict.test/mailboxes";

        assertProblem(call("POST", mailboxes, ADMIN, Map.of("localPart", "nobody", "password", PASSWORD, "bogus", 1)),
                400, "bogus");
        assertProblem(call("POST", mailboxes, ADMIN, Map.of("localPart", "nobody", "password", PASSWORD,
                "passwordHash", "{BLF-CRYPT}$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.")), 400, "passwordHash");
        assertProblem(call("POST", mailboxes, ADMIN, Map.of("localPart", "nobody", "password", PASSWORD,
                "forwardTo", List.of("x@example.org"))), 400, "forwardTo");
        assertProblem(call("GET", mailboxes + "/nobody", ADMIN, null), 404, "localPart");
    }

    @Test
    void anUnknownFieldInAnyPutOrPostBodyIs400NamingIt() throws Exception {
        createDomain("put.strict.test");
        createMailbox("put.strict.test", "owner");
        String base = "/api/v1/domains/put.strict.test";
        String user = basic("owner@put.strict.test", PASSWORD);
        assertThat(call("POST", base + "/aliases", ADMIN, Map.of("localPart", "team", "targets", List.of("owner@put.strict.test")))
                .status()).isEqualTo(201);

        assertProblem(call("PUT", base + "/mailboxes/owner/password", ADMIN, Map.of("password", "tulip lantern", "old", "x")),
                400, "old");
        assertProblem(callAs("PUT", "/api/v1/me/password", user, Map.of("password", "tulip lantern", "current", PASSWORD)),
                400, "current");
        assertProblem(callAs("PUT", "/api/v1/me/forwarding", user, Map.of("forwardTo", List.of(), "keepcopy", true)),
                400, "keepcopy");
        assertProblem(callAs("PUT", "/api/v1/me/autoresponder", user, Map.of("subject", "Away", "body", "Back soon", "to", "x")),
                400, "to");
        assertProblem(call("POST", base + "/aliases", ADMIN, Map.of("localPart", "sales", "targets", List.of("a@example.org"),
                "target", "b@example.org")), 400, "target");
        assertProblem(call("PUT", base + "/aliases/team", ADMIN, Map.of("targets", List.of("a@example.org"), "bogus", 1)),
                400, "bogus");
        assertProblem(call("POST", base + "/admins", ADMIN, Map.of("name", "boss", "token", "chosen-by-me")), 400, "token");
        assertProblem(call("PUT", base + "/catch-all", ADMIN, Map.of("target", "owner@put.strict.test", "enabled", true)),
                400, "enabled");
        assertProblem(call("POST", base + "/alias-domains", ADMIN, Map.of("name", "put-alias.strict.test", "bogus", 1)),
                400, "bogus");

        assertThat(authenticate("owner@put.strict.test", PASSWORD, "imap")).isEqualTo("authenticated");
        Answer me = callAs("GET", "/api/v1/me", user, null);
        assertThat(me.json().path("forwardTo").size()).isZero();
        assertThat(me.json().path("autoresponder").isNull()).isTrue();
        assertThat(call("GET", base + "/aliases/team", ADMIN, null).json().path("targets").get(0).asString())
                .isEqualTo("owner@put.strict.test");
        assertThat(call("GET", base + "/aliases/sales", ADMIN, null).status()).isEqualTo(404);
        assertThat(call("GET", base + "/admins", ADMIN, null).json().path("items").size()).isZero();
        assertThat(call("GET", base, ADMIN, null).json().path("catchAll").isNull()).isTrue();
        assertThat(call("GET", base + "/alias-domains", ADMIN, null).json().path("items").size()).isZero();
    }

    @Test
    void knownBodiesStillWorkAndANullBodyStillClears() throws Exception {
        createDomain("ok.strict.test");
        createMailbox("ok.strict.test", "keeper");
        String user = basic("keeper@ok.strict.test", PASSWORD);

        assertThat(callAs("PUT", "/api/v1/me/forwarding", user, Map.of("forwardTo", List.of("far@example.org"))).status())
                .isEqualTo(200);
        assertThat(send("PUT", "/api/v1/me/forwarding", user, "null").json().path("forwardTo").size()).isZero();
        assertThat(callAs("PUT", "/api/v1/me/password", user, Map.of("password", "tulip lantern")).status()).isEqualTo(204);
    }
}
