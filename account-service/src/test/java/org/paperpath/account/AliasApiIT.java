package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;

/** {@code /api/v1/domains/{domain}/aliases}: create, read, list, replace, delete; names, targets, loops, who may. */
class AliasApiIT extends AccountApiTestBase {

    private static String aliases(String domain) {
        return "/api/v1/domains/" + domain + "/aliases";
    }

    private Answer createAlias(String domain, String localPart, String... targets) throws Exception {
        return call("POST", aliases(domain), ADMIN, Map.of("localPart", localPart, "targets", List.of(targets)));
    }

    @Test
    void anAliasIsCreatedReadReplacedAndDeletedAndPublishedEachTime() throws Exception {
        createDomain("crud.alias.test");

        Answer created = createAlias("crud.alias.test", "Sales", "ann@crud.alias.test", "Bob@Elsewhere.Example");
        Answer read = call("GET", aliases("crud.alias.test") + "/SALES", ADMIN, null);
        Answer replaced = call("PUT", aliases("crud.alias.test") + "/sales", ADMIN, Map.of("targets", List.of("carl@remote.example")));
        Answer deleted = call("DELETE", aliases("crud.alias.test") + "/sales", ADMIN, null);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json()).isEqualTo(JSON.readTree("""
                {"address":"sales@crud.alias.test","domain":"crud.alias.test","localPart":"sales",
                 "targets":["ann@crud.alias.test","bob@elsewhere.example"]}"""));
        assertThat(read.json()).isEqualTo(created.json());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("targets").get(0).asString()).isEqualTo("carl@remote.example");
        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(call("GET", aliases("crud.alias.test") + "/sales", ADMIN, null), 404, "localPart");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("alias:sales@crud.alias.test"), 3);
        assertThat(records).hasSize(3);
        assertThat(EventCodec.decode(records.get(0).value(), DirectoryEvent.class)).isEqualTo(new DirectoryEvent.AliasUpserted(1,
                "sales@crud.alias.test", "crud.alias.test", "sales", List.of("ann@crud.alias.test", "bob@elsewhere.example")));
        assertThat(EventCodec.decode(records.get(1).value(), DirectoryEvent.class)).isEqualTo(new DirectoryEvent.AliasUpserted(1,
                "sales@crud.alias.test", "crud.alias.test", "sales", List.of("carl@remote.example")));
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void targetsAreNormalisedWithIdnDomainsAsALabelsAndDuplicatesDropped() throws Exception {
        createDomain("normal.alias.test");

        Answer created = createAlias("normal.alias.test", "list", "Ann@Bücher.Example", "ann@xn--bcher-kva.example",
                "\"john doe\"@remote.example");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("targets").valueStream().map(node -> node.asString()).toList())
                .containsExactly("ann@xn--bcher-kva.example", "\"john doe\"@remote.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"localPart\":\"x\",\"targets\":[]}|targets",
            "{\"localPart\":\"x\"}|targets",
            "{\"localPart\":\"x\",\"targets\":[\"not an address\"]}|targets",
            "{\"localPart\":\"x\",\"targets\":[\"a@b@c\"]}|targets",
            "{\"localPart\":\"x\",\"targets\":[\"@route:a@b.example\"]}|targets",
            "{\"localPart\":\"x\",\"targets\":[\"bare-local-part\"]}|targets",
            "{\"localPart\":\"x\",\"targets\":[null]}|targets",
            "{\"localPart\":\"x\",\"targets\":\"a@b.example\"}|body",
            "{\"targets\":[\"a@b.example\"]}|localPart",
            "{\"localPart\":\"a..b\",\"targets\":[\"a@b.example\"]}|localPart",
            "{\"localPart\":\"a/b\",\"targets\":[\"a@b.example\"]}|localPart",
            "{\"localPart\":\".lead\",\"targets\":[\"a@b.example\"]}|localPart"})
    void aBadAliasIs400NamingTheFieldAndCreatesNothing(String body, String field) throws Exception {
        createDomainOnce("bad.alias.test");

        Answer answer = send("POST", aliases("bad.alias.test"), bearer(ADMIN), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        if (!field.equals("body")) {
            assertThat(answer.json().path("field").asString()).isEqualTo(field);
        }
        assertThat(call("GET", aliases("bad.alias.test"), ADMIN, null).json().path("total").asLong()).isZero();
    }

    @Test
    void moreThanAThousandTargetsIs400AndAThousandIsAccepted() throws Exception {
        createDomain("many.alias.test");
        List<String> thousand = new ArrayList<>();
        for (int i = 0; i < Targets.MAX; i++) {
            thousand.add("member" + i + "@lists.example");
        }
        List<String> tooMany = new ArrayList<>(thousand);
        tooMany.add("one-more@lists.example");

        assertProblem(call("POST", aliases("many.alias.test"), ADMIN, Map.of("localPart", "big", "targets", tooMany)),
                400, "targets");
        assertThat(call("POST", aliases("many.alias.test"), ADMIN, Map.of("localPart", "big", "targets", thousand)).status())
                .isEqualTo(201);
        assertThat(call("GET", aliases("many.alias.test") + "/big", ADMIN, null).json().path("targets").size())
                .isEqualTo(Targets.MAX);
    }

    @Test
    void anAliasAndAMailboxNeverShareALocalPartAndADuplicateIs409() throws Exception {
        createDomain("clash.alias.test");
        createMailbox("clash.alias.test", "taken");
        assertThat(createAlias("clash.alias.test", "team", "x@remote.example").status()).isEqualTo(201);

        assertProblem(createAlias("clash.alias.test", "Taken", "x@remote.example"), 409, "localPart");
        assertProblem(createAlias("clash.alias.test", "team", "y@remote.example"), 409, "localPart");
        assertProblem(call("POST", "/api/v1/domains/clash.alias.test/mailboxes", ADMIN,
                Map.of("localPart", "TEAM", "password", PASSWORD)), 409, "localPart");
        assertThat(call("GET", aliases("clash.alias.test") + "/team", ADMIN, null).json().path("targets").get(0).asString())
                .isEqualTo("x@remote.example");
        assertProblem(call("GET", "/api/v1/domains/clash.alias.test/mailboxes/team", ADMIN, null), 404, "localPart");
    }

    @Test
    void anImportedLineNamingAnAliasFailsRatherThanCountingAsExisting() throws Exception {
        createDomain("import.alias.test");
        createAlias("import.alias.test", "team", "x@remote.example");

        Answer answer = send("POST", "/api/v1/domains/import.alias.test/mailboxes:import", bearer(ADMIN),
                "{\"localPart\":\"team\",\"password\":\"" + PASSWORD + "\"}");

        assertThat(answer.json().path("failed").asInt()).isEqualTo(1);
        assertThat(answer.json().path("existing").asInt()).isZero();
        assertThat(answer.json().path("results").get(0).path("field").asString()).isEqualTo("localPart");
    }

    @Test
    void anAliasTargetingItselfIsALoop() throws Exception {
        createDomain("self.alias.test");

        Answer answer = createAlias("self.alias.test", "me", "friend@remote.example", "ME@self.alias.test");

        assertProblem(answer, 409, "targets");
        assertThat(answer.json().path("detail").asString()).contains("alias me@self.alias.test");
        assertProblem(call("GET", aliases("self.alias.test") + "/me", ADMIN, null), 404, "localPart");
    }

    @Test
    void twoAliasesPointingAtEachOtherAreRefusedWhenTheSecondClosesTheLoop() throws Exception {
        createDomain("pair.alias.test");
        assertThat(createAlias("pair.alias.test", "a", "b@pair.alias.test").status()).isEqualTo(201);

        Answer closing = createAlias("pair.alias.test", "b", "a@pair.alias.test");
        assertThat(createAlias("pair.alias.test", "c", "a@pair.alias.test").status()).isEqualTo(201);
        Answer replaced = call("PUT", aliases("pair.alias.test") + "/c", ADMIN, Map.of("targets", List.of("c+x@pair.alias.test")));

        assertProblem(closing, 409, "targets");
        assertThat(closing.json().path("detail").asString())
                .contains("alias b@pair.alias.test -> alias a@pair.alias.test -> alias b@pair.alias.test");
        assertProblem(replaced, 409, "targets");
        assertThat(call("GET", aliases("pair.alias.test") + "/c", ADMIN, null).json().path("targets").get(0).asString())
                .isEqualTo("a@pair.alias.test");
    }

    @Test
    void loopsThroughAliasDomainsCatchAllsAndForwardsAreFound() throws Exception {
        createDomain("loop.alias.test");
        assertThat(call("POST", "/api/v1/domains/loop.alias.test/alias-domains", ADMIN, Map.of("name", "other.alias.test"))
                .status()).isEqualTo(201);
        createMailbox("loop.alias.test", "fwd");
        createAlias("loop.alias.test", "hub", "outside@remote.example");
        assertThat(call("PUT", "/api/v1/domains/loop.alias.test/catch-all", ADMIN, Map.of("target", "hub@loop.alias.test"))
                .status()).isEqualTo(200);
        assertThat(call("PATCH", "/api/v1/domains/loop.alias.test/mailboxes/fwd", ADMIN,
                Map.of("forwardTo", List.of("viaforward@loop.alias.test"))).status()).isEqualTo(200);

        assertProblem(createAlias("loop.alias.test", "viadomain", "viadomain@other.alias.test"), 409, "targets");
        assertProblem(call("PUT", aliases("loop.alias.test") + "/hub", ADMIN, Map.of("targets", List.of("nobody@loop.alias.test"))),
                409, "targets");
        assertProblem(createAlias("loop.alias.test", "viaforward", "fwd@other.alias.test"), 409, "targets");
        assertThat(createAlias("loop.alias.test", "fine", "fwd@other.alias.test", "nobody@loop.alias.test").status())
                .isEqualTo(201);
    }

    @Test
    void aDeletionThatWouldLetMailFallThroughTheCatchAllIntoALoopIs409() throws Exception {
        createDomain("fall.alias.test");
        createMailbox("fall.alias.test", "postmaster");
        createAlias("fall.alias.test", "all", "postmaster@fall.alias.test");
        createAlias("fall.alias.test", "spare", "outside@remote.example");
        assertThat(call("PUT", "/api/v1/domains/fall.alias.test/catch-all", ADMIN, Map.of("target", "all@fall.alias.test"))
                .status()).isEqualTo(200);

        Answer mailbox = call("DELETE", "/api/v1/domains/fall.alias.test/mailboxes/postmaster", ADMIN, null);
        Answer alias = call("DELETE", aliases("fall.alias.test") + "/all", ADMIN, null);
        Answer unrelated = call("DELETE", aliases("fall.alias.test") + "/spare", ADMIN, null);

        assertProblem(mailbox, 409, "localPart");
        assertThat(mailbox.json().path("detail").asString()).contains("catch-all of fall.alias.test -> alias all@fall.alias.test");
        assertProblem(alias, 409, "localPart");
        assertThat(unrelated.status()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/domains/fall.alias.test/mailboxes/postmaster", ADMIN, null).status()).isEqualTo(200);
        assertThat(call("GET", aliases("fall.alias.test") + "/all", ADMIN, null).status()).isEqualTo(200);
    }

    @Test
    void aChainWithoutALoopIsAccepted() throws Exception {
        createDomain("chain.alias.test");
        createMailbox("chain.alias.test", "end");

        assertThat(createAlias("chain.alias.test", "c", "end@chain.alias.test").status()).isEqualTo(201);
        assertThat(createAlias("chain.alias.test", "b", "c@chain.alias.test", "end+tag@chain.alias.test").status()).isEqualTo(201);
        assertThat(createAlias("chain.alias.test", "a", "b@chain.alias.test", "c@chain.alias.test").status()).isEqualTo(201);
    }

    @Test
    void anUnknownAliasIs404AndAnUnknownDomain404() throws Exception {
        createDomain("unknown.alias.test");

        assertProblem(call("GET", aliases("unknown.alias.test") + "/ghost", ADMIN, null), 404, "localPart");
        assertProblem(call("PUT", aliases("unknown.alias.test") + "/ghost", ADMIN, Map.of("targets", List.of("a@b.example"))),
                404, "localPart");
        assertProblem(call("DELETE", aliases("unknown.alias.test") + "/ghost", ADMIN, null), 404, "localPart");
        assertProblem(call("GET", aliases("nowhere.alias.test"), ADMIN, null), 404, "domain");
        assertProblem(createAlias("nowhere.alias.test", "x", "a@b.example"), 404, "domain");
    }

    @Test
    void aReplacementCannotRenameTheAlias() throws Exception {
        createDomain("rename.alias.test");
        createAlias("rename.alias.test", "old", "a@remote.example");

        assertProblem(call("PUT", aliases("rename.alias.test") + "/old", ADMIN,
                Map.of("localPart", "new", "targets", List.of("b@remote.example"))), 400, "localPart");
        assertProblem(call("PUT", aliases("rename.alias.test") + "/old", ADMIN, Map.of("targets", List.of())), 400, "targets");
        assertThat(call("PUT", aliases("rename.alias.test") + "/old", ADMIN,
                Map.of("localPart", "OLD", "targets", List.of("b@remote.example"))).status()).isEqualTo(200);
    }

    @Test
    void theAliasListIsPaged() throws Exception {
        createDomain("paged.alias.test");
        for (String localPart : List.of("a1", "a2", "a3")) {
            createAlias("paged.alias.test", localPart, "x@remote.example");
        }

        Answer first = call("GET", aliases("paged.alias.test") + "?page=0&size=2", ADMIN, null);
        Answer second = call("GET", aliases("paged.alias.test") + "?page=1&size=2", ADMIN, null);

        assertThat(first.json().path("items").findValuesAsString("localPart")).containsExactly("a1", "a2");
        assertThat(second.json().path("items").findValuesAsString("localPart")).containsExactly("a3");
        assertThat(first.json().path("total").asLong()).isEqualTo(3);
        assertProblem(call("GET", aliases("paged.alias.test") + "?size=0", ADMIN, null), 400, "size");
        assertProblem(call("GET", aliases("paged.alias.test") + "?page=-1", ADMIN, null), 400, "page");
    }

    @Test
    void aDomainAdminManagesItsOwnDomainsAliasesOnly() throws Exception {
        createDomain("mine.alias.test");
        createDomain("theirs.alias.test");
        createAlias("theirs.alias.test", "victim", "x@remote.example");
        String owner = bearer(createAdmin("mine.alias.test", "owner"));
        Map<String, Object> body = Map.of("localPart", "victim", "targets", List.of("thief@remote.example"));

        assertThat(callAs("POST", aliases("mine.alias.test"), owner, body).status()).isEqualTo(201);
        assertThat(callAs("GET", aliases("mine.alias.test") + "/victim", owner, null).status()).isEqualTo(200);
        assertThat(callAs("GET", aliases("mine.alias.test"), owner, null).status()).isEqualTo(200);
        assertThat(callAs("PUT", aliases("mine.alias.test") + "/victim", owner, body).status()).isEqualTo(200);
        assertThat(callAs("DELETE", aliases("mine.alias.test") + "/victim", owner, null).status()).isEqualTo(204);
        for (String domain : List.of("theirs.alias.test", "nowhere.alias.test")) {
            assertProblem(callAs("POST", aliases(domain), owner, body), 403, null);
            assertProblem(callAs("GET", aliases(domain), owner, null), 403, null);
            assertProblem(callAs("GET", aliases(domain) + "/victim", owner, null), 403, null);
            assertProblem(callAs("PUT", aliases(domain) + "/victim", owner, body), 403, null);
            assertProblem(callAs("DELETE", aliases(domain) + "/victim", owner, null), 403, null);
        }
        assertThat(call("GET", aliases("theirs.alias.test") + "/victim", ADMIN, null).json().path("targets").get(0).asString())
                .isEqualTo("x@remote.example");
    }

    @Test
    void aMailboxUserReachesNoAliasAndNoCredentialsIs401() throws Exception {
        createDomain("user.alias.test");
        createMailbox("user.alias.test", "ursula");
        createAlias("user.alias.test", "team", "ursula@user.alias.test");
        String user = basic("ursula@user.alias.test", PASSWORD);
        Map<String, Object> body = Map.of("localPart", "grab", "targets", List.of("ursula@user.alias.test"));

        assertProblem(callAs("GET", aliases("user.alias.test"), user, null), 403, null);
        assertProblem(callAs("POST", aliases("user.alias.test"), user, body), 403, null);
        assertProblem(callAs("GET", aliases("user.alias.test") + "/team", user, null), 403, null);
        assertProblem(callAs("PUT", aliases("user.alias.test") + "/team", user, body), 403, null);
        assertProblem(callAs("DELETE", aliases("user.alias.test") + "/team", user, null), 403, null);
        assertProblem(callAs("GET", aliases("user.alias.test"), null, null), 401, null);
        assertProblem(callAs("POST", aliases("user.alias.test"), null, body), 401, null);
        assertThat(call("GET", aliases("user.alias.test"), ADMIN, null).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void everyAliasChangeIsAudited() throws Exception {
        createDomain("audit.alias.test");
        createAlias("audit.alias.test", "a", "x@remote.example");
        call("PUT", aliases("audit.alias.test") + "/a", ADMIN, Map.of("targets", List.of("y@remote.example", "z@remote.example")));
        call("DELETE", aliases("audit.alias.test") + "/a", ADMIN, null);

        Answer audit = call("GET", "/api/v1/audit?domain=audit.alias.test", ADMIN, null);

        assertThat(audit.json().path("items").findValuesAsString("action"))
                .containsSubsequence("alias.delete", "alias.update", "alias.create");
        assertThat(audit.json().path("items").findValuesAsString("target")).contains("a@audit.alias.test");
    }

    private void createDomainOnce(String name) throws Exception {
        if (call("GET", "/api/v1/domains/" + name, ADMIN, null).status() == 404) {
            createDomain(name);
        }
    }
}
