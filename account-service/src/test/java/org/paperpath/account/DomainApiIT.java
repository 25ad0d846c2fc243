package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;

/** {@code /api/v1/domains/{domain}}: read, change, delete; IDN names; paged lists. */
class DomainApiIT extends AccountApiTestBase {

    @Test
    void aDomainIsReadWithItsSettings() throws Exception {
        createDomain("read.domain.test");

        Answer answer = call("GET", "/api/v1/domains/READ.domain.test", ADMIN, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(JSON.readTree(
                "{\"name\":\"read.domain.test\",\"enabled\":true,\"defaultQuotaBytes\":null,\"maxMailboxes\":null,\"catchAll\":null,\"aliasDomains\":[]}"));
    }

    @Test
    void anUnknownDomainIs404AndABadNameIs400() throws Exception {
        assertProblem(call("GET", "/api/v1/domains/nowhere.domain.test", ADMIN, null), 404, "domain");
        assertProblem(call("PATCH", "/api/v1/domains/nowhere.domain.test", ADMIN, Map.of("enabled", false)), 404, "domain");
        assertProblem(call("DELETE", "/api/v1/domains/nowhere.domain.test", ADMIN, null), 404, "domain");
        assertProblem(call("GET", "/api/v1/domains/bad_name.test", ADMIN, null), 400, "domain");
    }

    @Test
    void anInternationalisedNameIsStoredAsItsALabel() throws Exception {
        Answer created = call("POST", "/api/v1/domains", ADMIN, Map.of("name", "Bücher.Domain.test"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asString()).isEqualTo("xn--bcher-kva.domain.test");
        String unicodePath = URLEncoder.encode("bücher.domain.test", StandardCharsets.UTF_8);
        assertThat(call("GET", "/api/v1/domains/" + unicodePath, ADMIN, null).json().path("name").asString())
                .isEqualTo("xn--bcher-kva.domain.test");
        assertProblem(call("POST", "/api/v1/domains", ADMIN, Map.of("name", "XN--BCHER-KVA.domain.test")), 409, "name");
    }

    @Test
    void aPatchChangesTheNamedFieldsOnlyAndNullClearsALimit() throws Exception {
        createDomain("patch.domain.test");

        Answer limited = call("PATCH", "/api/v1/domains/patch.domain.test", ADMIN,
                Map.of("defaultQuotaBytes", 1_000_000, "maxMailboxes", 10));
        Map<String, Object> clear = new HashMap<>();
        clear.put("maxMailboxes", null);
        Answer cleared = call("PATCH", "/api/v1/domains/patch.domain.test", ADMIN, clear);

        assertThat(limited.status()).isEqualTo(200);
        assertThat(limited.json().path("defaultQuotaBytes").asLong()).isEqualTo(1_000_000);
        assertThat(limited.json().path("maxMailboxes").asInt()).isEqualTo(10);
        assertThat(limited.json().path("enabled").asBoolean()).isTrue();
        assertThat(cleared.json().path("maxMailboxes").isNull()).isTrue();
        assertThat(cleared.json().path("defaultQuotaBytes").asLong()).isEqualTo(1_000_000);
        assertThat(call("GET", "/api/v1/domains/patch.domain.test", ADMIN, null).json()).isEqualTo(cleared.json());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"defaultQuotaBytes\":-1}|defaultQuotaBytes", "{\"maxMailboxes\":-5}|maxMailboxes",
            "{\"enabled\":null}|enabled", "{\"enabled\":\"perhaps\"}|enabled", "{\"name\":\"other.test\"}|name",
            "[]|body", "{\"maxMailboxes\":\"many\"}|maxMailboxes"})
    void aBadPatchIs400NamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        createDomainOnce("badpatch.domain.test");

        Answer answer = send("PATCH", "/api/v1/domains/badpatch.domain.test", "Bearer " + ADMIN, body);

        assertProblem(answer, 400, field);
        assertThat(call("GET", "/api/v1/domains/badpatch.domain.test", ADMIN, null).json()).isEqualTo(JSON.readTree(
                "{\"name\":\"badpatch.domain.test\",\"enabled\":true,\"defaultQuotaBytes\":null,\"maxMailboxes\":null,\"catchAll\":null,\"aliasDomains\":[]}"));
    }

    @Test
    void disablingADomainPublishesIt() throws Exception {
        createDomain("disable.domain.test");

        assertThat(call("PATCH", "/api/v1/domains/disable.domain.test", ADMIN, Map.of("enabled", false))
                .json().path("enabled").asBoolean()).isFalse();

        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("domain:disable.domain.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(EventCodec.decode(records.get(1).value(), DirectoryEvent.class))
                .isEqualTo(new DirectoryEvent.DomainUpserted(1, "disable.domain.test", false));
    }

    @Test
    void theDefaultQuotaAppliesToNewMailboxesAndMaxMailboxesIsEnforced() throws Exception {
        createDomain("limits.domain.test");
        call("PATCH", "/api/v1/domains/limits.domain.test", ADMIN, Map.of("defaultQuotaBytes", 5_000, "maxMailboxes", 1));

        Answer first = createMailbox("limits.domain.test", "first");
        Answer second = call("POST", "/api/v1/domains/limits.domain.test/mailboxes", ADMIN,
                Map.of("localPart", "second", "password", PASSWORD));

        assertThat(first.json().path("quotaBytes").asLong()).isEqualTo(5_000);
        assertProblem(second, 409, "maxMailboxes");
        assertProblem(call("GET", "/api/v1/domains/limits.domain.test/mailboxes/second", ADMIN, null), 404, "localPart");
    }

    @Test
    void anEmptyDomainIsDeletedWithATombstone() throws Exception {
        createDomain("empty.domain.test");

        Answer deleted = call("DELETE", "/api/v1/domains/empty.domain.test", ADMIN, null);

        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(call("GET", "/api/v1/domains/empty.domain.test", ADMIN, null), 404, "domain");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("domain:empty.domain.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void aDomainWithMailboxesIs409UnlessForcedThenEverythingIsTombstoned() throws Exception {
        createDomain("full.domain.test");
        createMailbox("full.domain.test", "ann");
        createMailbox("full.domain.test", "ben");

        Answer refused = call("DELETE", "/api/v1/domains/full.domain.test", ADMIN, null);
        Answer stillThere = call("GET", "/api/v1/domains/full.domain.test/mailboxes/ann", ADMIN, null);
        Answer forced = call("DELETE", "/api/v1/domains/full.domain.test?force=true", ADMIN, null);

        assertProblem(refused, 409, "force");
        assertThat(stillThere.status()).isEqualTo(200);
        assertThat(forced.status()).isEqualTo(204);
        assertProblem(call("GET", "/api/v1/domains/full.domain.test", ADMIN, null), 404, "domain");
        assertThat(authenticate("ann@full.domain.test", PASSWORD, "imap")).isEqualTo("rejected");
        List<String> keys = List.of("domain:full.domain.test", "mailbox:ann@full.domain.test", "mailbox:ben@full.domain.test");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(keys, 6);
        assertThat(records).hasSize(6);
        assertThat(records.subList(3, 6)).allSatisfy(record -> assertThat(record.value()).isNull());
        assertThat(records.subList(3, 6)).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void theDomainListIsPaged() throws Exception {
        for (String name : List.of("p1.paged.test", "p2.paged.test", "p3.paged.test")) {
            createDomain(name);
        }

        Answer first = call("GET", "/api/v1/domains?page=0&size=2", ADMIN, null);
        Answer all = call("GET", "/api/v1/domains?size=500", ADMIN, null);

        assertThat(first.json().path("items").size()).isEqualTo(2);
        assertThat(first.json().path("size").asInt()).isEqualTo(2);
        assertThat(first.json().path("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(all.json().path("items").findValuesAsString("name"))
                .contains("p1.paged.test", "p2.paged.test", "p3.paged.test");
        assertProblem(call("GET", "/api/v1/domains?page=-1", ADMIN, null), 400, "page");
        assertProblem(call("GET", "/api/v1/domains?size=0", ADMIN, null), 400, "size");
        assertProblem(call("GET", "/api/v1/domains?size=501", ADMIN, null), 400, "size");
        assertProblem(call("GET", "/api/v1/domains?page=x", ADMIN, null), 400, "page");
    }

    @Test
    void everyDomainEndpointWantsTheAdminToken() throws Exception {
        createDomain("guarded.domain.test");

        for (String method : List.of("GET", "PATCH", "DELETE")) {
            assertProblem(call(method, "/api/v1/domains/guarded.domain.test", null, Map.of("enabled", false)), 401, null);
            assertProblem(call(method, "/api/v1/domains/guarded.domain.test", SERVICE, Map.of("enabled", false)), 401, null);
        }
        assertThat(call("GET", "/api/v1/domains/guarded.domain.test", ADMIN, null).json().path("enabled").asBoolean()).isTrue();
    }

    private void createDomainOnce(String name) throws Exception {
        if (call("GET", "/api/v1/domains/" + name, ADMIN, null).status() == 404) {
            createDomain(name);
        }
    }
}
