package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;

/** A domain's catch-all ({@code .../catch-all}) and alias domains ({@code .../alias-domains}). */
class DomainRoutingIT extends AccountApiTestBase {

    private static String domain(String name) {
        return "/api/v1/domains/" + name;
    }

    private Answer setCatchAll(String domain, String target) throws Exception {
        return call("PUT", domain(domain) + "/catch-all", ADMIN, Map.of("target", target));
    }

    private Answer addAliasDomain(String domain, String alias) throws Exception {
        return call("POST", domain(domain) + "/alias-domains", ADMIN, Map.of("name", alias));
    }

    private DirectoryEvent event(ConsumerRecord<String, byte[]> record) {
        return EventCodec.decode(record.value(), DirectoryEvent.class);
    }

    @Test
    void aCatchAllIsSetShownPublishedAndCleared() throws Exception {
        createDomain("catch.routing.test");

        Answer set = setCatchAll("catch.routing.test", "Postmaster@Remote.Example");
        Answer read = call("GET", domain("catch.routing.test"), ADMIN, null);
        Answer cleared = call("DELETE", domain("catch.routing.test") + "/catch-all", ADMIN, null);

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("catchAll").asString()).isEqualTo("postmaster@remote.example");
        assertThat(read.json().path("catchAll").asString()).isEqualTo("postmaster@remote.example");
        assertThat(cleared.status()).isEqualTo(204);
        assertThat(call("GET", domain("catch.routing.test"), ADMIN, null).json().path("catchAll").isNull()).isTrue();
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("domain:catch.routing.test"), 3);
        assertThat(records).hasSize(3);
        assertThat(event(records.get(1))).isEqualTo(
                new DirectoryEvent.DomainUpserted(1, "catch.routing.test", true, "postmaster@remote.example", null));
        assertThat(event(records.get(2))).isEqualTo(new DirectoryEvent.DomainUpserted(1, "catch.routing.test", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not an address", "nobody", "a@b@c", "@route:a@b.example"})
    void aBadCatchAllIs400NamingTarget(String target) throws Exception {
        if (call("GET", domain("badcatch.routing.test"), ADMIN, null).status() == 404) {
            createDomain("badcatch.routing.test");
        }

        assertProblem(setCatchAll("badcatch.routing.test", target), 400, "target");
        assertProblem(call("PUT", domain("badcatch.routing.test") + "/catch-all", ADMIN, Map.of()), 400, "target");
        assertThat(call("GET", domain("badcatch.routing.test"), ADMIN, null).json().path("catchAll").isNull()).isTrue();
    }

    @Test
    void aCatchAllToAnUnknownAddressOfItsOwnDomainIsALoop() throws Exception {
        createDomain("loop.routing.test");
        createMailbox("loop.routing.test", "postmaster");

        Answer loop = setCatchAll("loop.routing.test", "nobody@loop.routing.test");
        Answer extension = setCatchAll("loop.routing.test", "postmaster+caught@loop.routing.test");

        assertProblem(loop, 409, "target");
        assertThat(loop.json().path("detail").asString()).contains("catch-all of loop.routing.test");
        assertThat(extension.status()).isEqualTo(200);
    }

    @Test
    void aCatchAllOfAnUnknownDomainIs404() throws Exception {
        assertProblem(setCatchAll("nowhere.routing.test", "a@remote.example"), 404, "domain");
        assertProblem(call("DELETE", domain("nowhere.routing.test") + "/catch-all", ADMIN, null), 404, "domain");
    }

    @Test
    void aDomainAdminSetsItsOwnCatchAllOnly() throws Exception {
        createDomain("own.routing.test");
        createDomain("other.routing.test");
        createMailbox("own.routing.test", "owner-mail");
        String owner = bearer(createAdmin("own.routing.test", "owner"));
        String user = basic("owner-mail@own.routing.test", PASSWORD);
        Map<String, Object> body = Map.of("target", "owner-mail@own.routing.test");

        assertThat(callAs("PUT", domain("own.routing.test") + "/catch-all", owner, body).status()).isEqualTo(200);
        assertThat(callAs("DELETE", domain("own.routing.test") + "/catch-all", owner, null).status()).isEqualTo(204);
        assertProblem(callAs("PUT", domain("other.routing.test") + "/catch-all", owner, body), 403, null);
        assertProblem(callAs("DELETE", domain("other.routing.test") + "/catch-all", owner, null), 403, null);
        assertProblem(callAs("PUT", domain("own.routing.test") + "/catch-all", user, body), 403, null);
        assertProblem(callAs("PUT", domain("own.routing.test") + "/catch-all", null, body), 401, null);
        assertThat(call("GET", domain("other.routing.test"), ADMIN, null).json().path("catchAll").isNull()).isTrue();
    }

    @Test
    void anAliasDomainIsAddedShownListedPublishedAndRemoved() throws Exception {
        createDomain("target.routing.test");

        Answer added = addAliasDomain("target.routing.test", "Bücher.Routing.test");
        Answer shown = call("GET", domain("target.routing.test"), ADMIN, null);
        Answer listed = call("GET", domain("target.routing.test") + "/alias-domains", ADMIN, null);
        Answer one = call("GET", domain("target.routing.test") + "/alias-domains/"
                + URLEncoder.encode("bücher.routing.test", StandardCharsets.UTF_8), ADMIN, null);
        Answer removed = call("DELETE", domain("target.routing.test") + "/alias-domains/xn--bcher-kva.routing.test", ADMIN, null);

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json()).isEqualTo(JSON.readTree(
                "{\"name\":\"xn--bcher-kva.routing.test\",\"aliasFor\":\"target.routing.test\"}"));
        assertThat(shown.json().path("aliasDomains").get(0).asString()).isEqualTo("xn--bcher-kva.routing.test");
        assertThat(listed.json().path("items").findValuesAsString("name")).containsExactly("xn--bcher-kva.routing.test");
        assertThat(listed.json().path("total").asLong()).isEqualTo(1);
        assertThat(one.json()).isEqualTo(added.json());
        assertThat(removed.status()).isEqualTo(204);
        assertThat(call("GET", domain("target.routing.test"), ADMIN, null).json().path("aliasDomains").size()).isZero();
        assertProblem(call("DELETE", domain("target.routing.test") + "/alias-domains/xn--bcher-kva.routing.test", ADMIN, null),
                404, "alias");
        assertProblem(call("GET", domain("target.routing.test") + "/alias-domains/xn--bcher-kva.routing.test", ADMIN, null),
                404, "alias");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("domain:xn--bcher-kva.routing.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(event(records.get(0))).isEqualTo(
                new DirectoryEvent.DomainUpserted(1, "xn--bcher-kva.routing.test", true, null, "target.routing.test"));
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void aNameIsEitherADomainOrAnAliasDomain() throws Exception {
        createDomain("first.routing.test");
        createDomain("second.routing.test");
        assertThat(addAliasDomain("first.routing.test", "alias.routing.test").status()).isEqualTo(201);

        assertProblem(addAliasDomain("first.routing.test", "second.routing.test"), 409, "name");
        assertProblem(addAliasDomain("first.routing.test", "first.routing.test"), 409, "name");
        assertProblem(addAliasDomain("second.routing.test", "ALIAS.routing.test"), 409, "name");
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "alias.routing.test")), 409, "name");
        assertProblem(addAliasDomain("first.routing.test", "bad_name.test"), 400, "name");
        assertProblem(call("POST", domain("first.routing.test") + "/alias-domains", ADMIN, Map.of()), 400, "name");
        assertProblem(addAliasDomain("nowhere.routing.test", "new.routing.test"), 404, "domain");
        assertThat(call("GET", domain("second.routing.test"), ADMIN, null).json().path("aliasDomains").size()).isZero();
    }

    @Test
    void anAliasDomainThatWouldTurnARemoteTargetIntoALoopIs409() throws Exception {
        createDomain("home.routing.test");
        call("POST", domain("home.routing.test") + "/aliases", ADMIN,
                Map.of("localPart", "echo", "targets", List.of("echo@soon-local.routing.test")));

        Answer added = addAliasDomain("home.routing.test", "soon-local.routing.test");

        assertProblem(added, 409, "name");
        assertThat(added.json().path("detail").asString()).contains("alias echo@home.routing.test");
        assertThat(call("GET", domain("home.routing.test"), ADMIN, null).json().path("aliasDomains").size()).isZero();
        assertThat(addAliasDomain("home.routing.test", "harmless.routing.test").status()).isEqualTo(201);
    }

    @Test
    void onlyTheOperatorAddsOrRemovesAliasDomainsAndADomainAdminReadsItsOwn() throws Exception {
        createDomain("guarded.routing.test");
        createDomain("foreign.routing.test");
        addAliasDomain("guarded.routing.test", "guarded-alias.routing.test");
        addAliasDomain("foreign.routing.test", "foreign-alias.routing.test");
        createMailbox("guarded.routing.test", "gina");
        String owner = bearer(createAdmin("guarded.routing.test", "owner"));
        String user = basic("gina@guarded.routing.test", PASSWORD);
        String own = domain("guarded.routing.test") + "/alias-domains";
        String foreign = domain("foreign.routing.test") + "/alias-domains";

        assertProblem(callAs("POST", own, owner, Map.of("name", "grab.routing.test")), 403, null);
        assertProblem(callAs("DELETE", own + "/guarded-alias.routing.test", owner, null), 403, null);
        assertThat(callAs("GET", own, owner, null).json().path("items").findValuesAsString("name"))
                .containsExactly("guarded-alias.routing.test");
        assertThat(callAs("GET", own + "/guarded-alias.routing.test", owner, null).status()).isEqualTo(200);
        assertProblem(callAs("GET", foreign, owner, null), 403, null);
        assertProblem(callAs("GET", foreign + "/foreign-alias.routing.test", owner, null), 403, null);
        assertProblem(callAs("GET", own, user, null), 403, null);
        assertProblem(callAs("GET", own + "/guarded-alias.routing.test", user, null), 403, null);
        assertProblem(callAs("POST", own, user, Map.of("name", "grab.routing.test")), 403, null);
        assertProblem(callAs("DELETE", own + "/guarded-alias.routing.test", user, null), 403, null);
        assertProblem(callAs("DELETE", own + "/guarded-alias.routing.test", null, null), 401, null);
        assertThat(call("GET", own, ADMIN, null).json().path("total").asLong()).isEqualTo(1);
        assertProblem(callAs("GET", own, null, null), 401, null);
        assertProblem(call("GET", domain("grab.routing.test"), ADMIN, null), 404, "domain");
    }

    @Test
    void theAliasDomainListIsPaged() throws Exception {
        createDomain("paged.routing.test");
        for (String alias : List.of("p1.paged-alias.test", "p2.paged-alias.test", "p3.paged-alias.test")) {
            addAliasDomain("paged.routing.test", alias);
        }

        Answer second = call("GET", domain("paged.routing.test") + "/alias-domains?page=1&size=2", ADMIN, null);

        assertThat(second.json().path("items").findValuesAsString("name")).containsExactly("p3.paged-alias.test");
        assertThat(second.json().path("total").asLong()).isEqualTo(3);
        assertProblem(call("GET", domain("paged.routing.test") + "/alias-domains?size=501", ADMIN, null), 400, "size");
    }

    @Test
    void catchAllAndAliasDomainChangesAreAudited() throws Exception {
        createDomain("audit.routing.test");
        setCatchAll("audit.routing.test", "all@remote.example");
        call("DELETE", domain("audit.routing.test") + "/catch-all", ADMIN, null);
        addAliasDomain("audit.routing.test", "audit-alias.routing.test");
        call("DELETE", domain("audit.routing.test") + "/alias-domains/audit-alias.routing.test", ADMIN, null);

        Answer audit = call("GET", "/api/v1/audit?domain=audit.routing.test", ADMIN, null);

        assertThat(audit.json().path("items").findValuesAsString("action")).containsSubsequence(
                "domain.alias-domain.remove", "domain.alias-domain.add", "domain.catch-all.clear", "domain.catch-all.set");
        assertThat(audit.json().path("items").findValuesAsString("target")).contains("audit-alias.routing.test");
    }

    @Test
    void disablingADomainRepublishesItsAliasDomainsDisabled() throws Exception {
        createDomain("off.routing.test");
        addAliasDomain("off.routing.test", "off-alias.routing.test");

        call("PATCH", domain("off.routing.test"), ADMIN, Map.of("enabled", false));

        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("domain:off-alias.routing.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(event(records.get(1))).isEqualTo(
                new DirectoryEvent.DomainUpserted(1, "off-alias.routing.test", false, null, "off.routing.test"));
    }

    @Test
    void aDomainWithAliasesOrAliasDomainsIs409UnlessForcedThenEverythingIsTombstoned() throws Exception {
        createDomain("full.routing.test");
        addAliasDomain("full.routing.test", "full-alias.routing.test");
        call("POST", domain("full.routing.test") + "/aliases", ADMIN,
                Map.of("localPart", "team", "targets", List.of("x@remote.example")));
        setCatchAll("full.routing.test", "y@remote.example");

        Answer refused = call("DELETE", domain("full.routing.test"), ADMIN, null);
        Answer forced = call("DELETE", domain("full.routing.test") + "?force=true", ADMIN, null);

        assertProblem(refused, 409, "force");
        assertThat(forced.status()).isEqualTo(204);
        assertThat(createDomain("full-alias.routing.test").status()).isEqualTo(201);
        List<String> keys = List.of("domain:full.routing.test", "domain:full-alias.routing.test", "alias:team@full.routing.test");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(keys, 8);
        assertThat(records).hasSize(8);
        assertThat(records.stream().filter(record -> record.value() == null).map(ConsumerRecord::key).toList())
                .containsExactlyInAnyOrderElementsOf(keys);
    }
}
