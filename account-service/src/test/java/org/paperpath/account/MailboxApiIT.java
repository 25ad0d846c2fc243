package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;

/** {@code /api/v1/domains/{domain}/mailboxes/{localPart}}: read, settings, password, delete, and what login sees. */
class MailboxApiIT extends AccountApiTestBase {

    private static final String NEW_PASSWORD = "purple monkey dishwasher";

    private String path(String domain, String localPart) {
        return "/api/v1/domains/" + domain + "/mailboxes/" + localPart;
    }

    @Test
    void aMailboxIsReadWithItsSettingsAndNoSecret() throws Exception {
        createDomain("read.mailbox.test");
        createMailbox("read.mailbox.test", "reader");

        Answer answer = call("GET", path("read.mailbox.test", "READER"), ADMIN, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(JSON.readTree("""
                {"address":"reader@read.mailbox.test","domain":"read.mailbox.test","localPart":"reader","enabled":true,
                 "displayName":null,"quotaBytes":null,"softQuotaBytes":null,"maxMessages":null,"maxMessageBytes":null,
                 "expiresAt":null,"access":{"imap":true,"pop3":true,"smtp":true},
                 "forwardTo":[],"keepCopy":true,"autoresponder":null}"""));
        assertThat(answer.body()).doesNotContain(PASSWORD).doesNotContainIgnoringCase("password").doesNotContain("argon2");
    }

    @Test
    void aMailboxIsCreatedWithItsSettings() throws Exception {
        createDomain("settings.mailbox.test");

        Answer created = call("POST", "/api/v1/domains/settings.mailbox.test/mailboxes", ADMIN, Map.of(
                "localPart", "set", "password", PASSWORD, "displayName", "Set Up", "quotaBytes", 2000, "softQuotaBytes", 1000,
                "maxMessages", 10, "maxMessageBytes", 500, "enabled", false, "access", Map.of("smtp", false)));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json()).isEqualTo(JSON.readTree("""
                {"address":"set@settings.mailbox.test","domain":"settings.mailbox.test","localPart":"set","enabled":false,
                 "displayName":"Set Up","quotaBytes":2000,"softQuotaBytes":1000,"maxMessages":10,"maxMessageBytes":500,
                 "expiresAt":null,"access":{"imap":true,"pop3":true,"smtp":false},
                 "forwardTo":[],"keepCopy":true,"autoresponder":null}"""));
        assertThat(call("GET", path("settings.mailbox.test", "set"), ADMIN, null).json()).isEqualTo(created.json());
        assertThat(authenticate("set@settings.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:set@settings.mailbox.test"), 1);
        assertThat(EventCodec.decode(records.get(0).value(), DirectoryEvent.class)).usingRecursiveComparison()
                .ignoringFields("id").isEqualTo(new DirectoryEvent.MailboxUpserted(
                1, "set@settings.mailbox.test", "settings.mailbox.test", "set", false, 2000L, 1000L, 10L, 500L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"quotaBytes|-1|softQuotaBytes|0|quotaBytes", "quotaBytes|10|softQuotaBytes|20|softQuotaBytes",
            "maxMessages|-1|maxMessageBytes|0|maxMessages", "displayName|x|maxMessageBytes|-2|maxMessageBytes"})
    void aCreationWithBadSettingsIs400AndCreatesNothing(String field1, String value1, String field2, String value2,
            String field) throws Exception {
        createDomainOnce("badsettings.mailbox.test");
        Map<String, Object> body = new HashMap<>(Map.of("localPart", "never", "password", PASSWORD));
        body.put(field1, field1.equals("displayName") ? value1 : Long.parseLong(value1));
        body.put(field2, Long.parseLong(value2));

        assertProblem(call("POST", "/api/v1/domains/badsettings.mailbox.test/mailboxes", ADMIN, body), 400, field);
        assertProblem(call("GET", path("badsettings.mailbox.test", "never"), ADMIN, null), 404, "localPart");
    }

    @Test
    void anUnknownMailboxIs404AndABadLocalPartIs400() throws Exception {
        createDomain("unknown.mailbox.test");

        for (String method : List.of("GET", "PATCH", "DELETE")) {
            assertProblem(call(method, path("unknown.mailbox.test", "ghost"), ADMIN, Map.of()), 404, "localPart");
        }
        assertProblem(call("PUT", path("unknown.mailbox.test", "ghost") + "/password", ADMIN,
                Map.of("password", NEW_PASSWORD)), 404, "localPart");
        assertProblem(call("GET", path("unknown.mailbox.test", "..ghost"), ADMIN, null), 400, "localPart");
        assertProblem(call("GET", path("unknown.mailbox.test", "a".repeat(65)), ADMIN, null), 400, "localPart");
        assertProblem(call("GET", path("nowhere.mailbox.test", "ghost"), ADMIN, null), 404, "domain");
    }

    @Test
    void aPatchChangesEverySettingAndNullClearsOne() throws Exception {
        createDomain("patch.mailbox.test");
        createMailbox("patch.mailbox.test", "pat");
        Instant expiry = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        Answer patched = call("PATCH", path("patch.mailbox.test", "pat"), ADMIN, Map.of(
                "displayName", "Pat Example", "quotaBytes", 10_000_000, "softQuotaBytes", 8_000_000, "maxMessages", 5000,
                "maxMessageBytes", 1_000_000, "expiresAt", expiry.toString(), "access", Map.of("pop3", false)));
        Map<String, Object> clear = new HashMap<>();
        clear.put("displayName", null);
        clear.put("expiresAt", null);
        Answer cleared = call("PATCH", path("patch.mailbox.test", "pat"), ADMIN, clear);

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json()).isEqualTo(JSON.readTree("""
                {"address":"pat@patch.mailbox.test","domain":"patch.mailbox.test","localPart":"pat","enabled":true,
                 "displayName":"Pat Example","quotaBytes":10000000,"softQuotaBytes":8000000,"maxMessages":5000,
                 "maxMessageBytes":1000000,"expiresAt":"%s","access":{"imap":true,"pop3":false,"smtp":true},
                 "forwardTo":[],"keepCopy":true,"autoresponder":null}"""
                .formatted(expiry)));
        assertThat(cleared.json().path("displayName").isNull()).isTrue();
        assertThat(cleared.json().path("expiresAt").isNull()).isTrue();
        assertThat(cleared.json().path("quotaBytes").asLong()).isEqualTo(10_000_000);
        assertThat(cleared.json().path("access").path("pop3").asBoolean()).isFalse();
        assertThat(call("GET", path("patch.mailbox.test", "pat"), ADMIN, null).json()).isEqualTo(cleared.json());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"quotaBytes\":-1}|quotaBytes", "{\"softQuotaBytes\":-1}|softQuotaBytes",
            "{\"maxMessages\":-1}|maxMessages", "{\"maxMessageBytes\":-1}|maxMessageBytes",
            "{\"quotaBytes\":100}|softQuotaBytes", "{\"enabled\":null}|enabled", "{\"access\":null}|access",
            "{\"expiresAt\":\"tomorrow\"}|expiresAt", "{\"password\":\"sneaky new secret\"}|password",
            "{\"localPart\":\"other\"}|localPart", "\"text\"|body"})
    void aBadPatchIs400NamingTheFieldAndChangesNothing(String body, String field) throws Exception {
        createDomainOnce("badpatch.mailbox.test");
        if (call("GET", path("badpatch.mailbox.test", "bad"), ADMIN, null).status() == 404) {
            createMailbox("badpatch.mailbox.test", "bad");
            call("PATCH", path("badpatch.mailbox.test", "bad"), ADMIN, Map.of("quotaBytes", 1000, "softQuotaBytes", 500));
        }

        Answer answer = send("PATCH", path("badpatch.mailbox.test", "bad"), "Bearer " + ADMIN, body);

        assertProblem(answer, 400, field);
        assertThat(answer.body()).doesNotContain("sneaky new secret");
        Answer unchanged = call("GET", path("badpatch.mailbox.test", "bad"), ADMIN, null);
        assertThat(unchanged.json().path("quotaBytes").asLong()).isEqualTo(1000);
        assertThat(unchanged.json().path("softQuotaBytes").asLong()).isEqualTo(500);
        assertThat(unchanged.json().path("enabled").asBoolean()).isTrue();
        assertThat(authenticate("bad@badpatch.mailbox.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aDisplayNameOver256CharactersIs400() throws Exception {
        createDomain("long.mailbox.test");
        createMailbox("long.mailbox.test", "longname");

        assertProblem(call("PATCH", path("long.mailbox.test", "longname"), ADMIN, Map.of("displayName", "x".repeat(257))),
                400, "displayName");
    }

    @Test
    void aNewPasswordWorksAtOnceAndTheOldOneNoLonger() throws Exception {
        createDomain("password.mailbox.test");
        createMailbox("password.mailbox.test", "changer");

        Answer changed = call("PUT", path("password.mailbox.test", "changer") + "/password", ADMIN,
                Map.of("password", NEW_PASSWORD));

        assertThat(changed.status()).isEqualTo(204);
        assertThat(changed.body()).isEmpty();
        assertThat(authenticate("changer@password.mailbox.test", NEW_PASSWORD, "pop3")).isEqualTo("authenticated");
        assertThat(authenticate("changer@password.mailbox.test", PASSWORD, "pop3")).isEqualTo("rejected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "aaaaaaaaaaaa", "abababababab", "my weakling password"})
    void anEmptyShortOrWeakPasswordIs400AndNotEchoed(String password) throws Exception {
        createDomainOnce("weak.mailbox.test");
        if (call("GET", path("weak.mailbox.test", "weakling"), ADMIN, null).status() == 404) {
            createMailbox("weak.mailbox.test", "weakling");
        }

        Answer answer = call("PUT", path("weak.mailbox.test", "weakling") + "/password", ADMIN, Map.of("password", password));

        assertProblem(answer, 400, "password");
        if (!password.isEmpty()) {
            assertThat(answer.body()).doesNotContain(password);
        }
        assertThat(authenticate("weakling@weak.mailbox.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aDisabledMailboxIsPublishedAsDisabledAndCannotLogIn() throws Exception {
        createDomain("disabled.mailbox.test");
        createMailbox("disabled.mailbox.test", "sleeper");

        Answer answer = call("PATCH", path("disabled.mailbox.test", "sleeper"), ADMIN, Map.of("enabled", false));

        assertThat(answer.json().path("enabled").asBoolean()).isFalse();
        assertThat(authenticate("sleeper@disabled.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:sleeper@disabled.mailbox.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(EventCodec.decode(records.get(1).value(), DirectoryEvent.class)).usingRecursiveComparison()
                .ignoringFields("id").isEqualTo(new DirectoryEvent.MailboxUpserted(
                1, "sleeper@disabled.mailbox.test", "disabled.mailbox.test", "sleeper", false));
        call("PATCH", path("disabled.mailbox.test", "sleeper"), ADMIN, Map.of("enabled", true));
        assertThat(authenticate("sleeper@disabled.mailbox.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aMailboxOfADisabledDomainCannotLogIn() throws Exception {
        createDomain("offdomain.mailbox.test");
        createMailbox("offdomain.mailbox.test", "tenant");

        call("PATCH", "/api/v1/domains/offdomain.mailbox.test", ADMIN, Map.of("enabled", false));

        assertThat(authenticate("tenant@offdomain.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
    }

    @Test
    void anExpiredMailboxCannotLogInAndAFutureExpiryCan() throws Exception {
        createDomain("expiry.mailbox.test");
        createMailbox("expiry.mailbox.test", "temp");

        call("PATCH", path("expiry.mailbox.test", "temp"), ADMIN, Map.of("expiresAt", Instant.now().plusSeconds(3600).toString()));
        String beforeExpiry = authenticate("temp@expiry.mailbox.test", PASSWORD, "imap");
        call("PATCH", path("expiry.mailbox.test", "temp"), ADMIN, Map.of("expiresAt", Instant.now().minusSeconds(1).toString()));

        assertThat(beforeExpiry).isEqualTo("authenticated");
        assertThat(authenticate("temp@expiry.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
    }

    @Test
    void serviceAccessIsCheckedPerServiceAndAnUnknownServiceIsRefused() throws Exception {
        createDomain("access.mailbox.test");
        createMailbox("access.mailbox.test", "limited");

        call("PATCH", path("access.mailbox.test", "limited"), ADMIN, Map.of("access", Map.of("imap", false, "smtp", false)));

        assertThat(authenticate("limited@access.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
        assertThat(authenticate("limited@access.mailbox.test", PASSWORD, "smtp")).isEqualTo("rejected");
        assertThat(authenticate("limited@access.mailbox.test", PASSWORD, "submission")).isEqualTo("rejected");
        assertThat(authenticate("limited@access.mailbox.test", PASSWORD, "pop3")).isEqualTo("authenticated");
        assertThat(authenticate("limited@access.mailbox.test", PASSWORD, "ftp")).isEqualTo("rejected");
    }

    @Test
    void aDeletedMailboxIs204ThenGoneWithATombstone() throws Exception {
        createDomain("delete.mailbox.test");
        createMailbox("delete.mailbox.test", "leaver");

        Answer deleted = call("DELETE", path("delete.mailbox.test", "leaver"), ADMIN, null);

        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(call("GET", path("delete.mailbox.test", "leaver"), ADMIN, null), 404, "localPart");
        assertProblem(call("DELETE", path("delete.mailbox.test", "leaver"), ADMIN, null), 404, "localPart");
        assertThat(authenticate("leaver@delete.mailbox.test", PASSWORD, "imap")).isEqualTo("rejected");
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:leaver@delete.mailbox.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).value()).isNull();
        assertThat(call("DELETE", "/api/v1/domains/delete.mailbox.test", ADMIN, null).status()).isEqualTo(204);
    }

    @Test
    void theMailboxListIsPaged() throws Exception {
        createDomain("paged.mailbox.test");
        for (String localPart : List.of("m1", "m2", "m3")) {
            createMailbox("paged.mailbox.test", localPart);
        }

        Answer first = call("GET", "/api/v1/domains/paged.mailbox.test/mailboxes?page=0&size=2", ADMIN, null);
        Answer second = call("GET", "/api/v1/domains/paged.mailbox.test/mailboxes?page=1&size=2", ADMIN, null);

        assertThat(first.json().path("items").findValuesAsString("localPart")).containsExactly("m1", "m2");
        assertThat(second.json().path("items").findValuesAsString("localPart")).containsExactly("m3");
        assertThat(first.json().path("total").asLong()).isEqualTo(3);
        assertThat(second.json().path("page").asInt()).isEqualTo(1);
        assertThat(first.body() + second.body()).doesNotContain(PASSWORD).doesNotContain("argon2");
        assertProblem(call("GET", "/api/v1/domains/paged.mailbox.test/mailboxes?size=501", ADMIN, null), 400, "size");
    }

    @Test
    void everyMailboxEndpointWantsTheAdminToken() throws Exception {
        createDomain("guarded.mailbox.test");
        createMailbox("guarded.mailbox.test", "kept");
        String kept = path("guarded.mailbox.test", "kept");

        for (String token : new String[] {null, SERVICE, "not-a-token-0123456789"}) {
            assertProblem(call("GET", kept, token, null), 401, null);
            assertProblem(call("PATCH", kept, token, Map.of("enabled", false)), 401, null);
            assertProblem(call("PUT", kept + "/password", token, Map.of("password", NEW_PASSWORD)), 401, null);
            assertProblem(call("DELETE", kept, token, null), 401, null);
        }
        assertThat(authenticate("kept@guarded.mailbox.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    private void createDomainOnce(String name) throws Exception {
        if (call("GET", "/api/v1/domains/" + name, ADMIN, null).status() == 404) {
            createDomain(name);
        }
    }
}
