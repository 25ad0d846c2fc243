package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST .../mailboxes:import}: NDJSON with passwords or hashes made by Dovecot's doveadm pw and
 * glibc crypt(3) (the migration sources), idempotent, one result per line, hashes upgraded at login.
 */
class MailboxImportIT extends AccountApiTestBase {

    private static final String SECRET = "old vmail secret";
    private static final String MD5 = "{MD5-CRYPT}$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.";
    private static final String SHA512 = "{SHA512-CRYPT}$6$s8P0QFoAV3xWQn4O$2WIZwSUFohcvE5zPKYi2Isjp7Wuo676x9xHeTWHgqwjYdJhs7IM6u4"
            + "njApaMGrb08WM87mZwDz6C.X6RvAQT70";
    private static final String BLF = "{BLF-CRYPT}$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.";
    private static final String BCRYPT = "$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.";
    /** vmailmgr's classic DES crypt of "vmailmgr". */
    private static final String DES = "{CRYPT}xybh709KxJPRE";

    @Autowired
    AccountDatabase store;

    private Answer importLines(String authorization, String domain, String... lines) throws Exception {
        return send("POST", "/api/v1/domains/" + domain + "/mailboxes:import", authorization, String.join("\n", lines));
    }

    private static String line(Map<String, Object> fields) {
        return JSON.writeValueAsString(fields);
    }

    private String storedHash(String domain, String localPart) {
        return store.jdbc().sql("SELECT password_hash FROM mailbox WHERE domain = :d AND local_part = :l")
                .param("d", domain).param("l", localPart).query(String.class).single();
    }

    @Test
    void passwordsAndEveryLegacyHashSchemeImportAndLogIn() throws Exception {
        createDomain("schemes.import.test");

        Answer answer = importLines(bearer(ADMIN), "schemes.import.test",
                line(Map.of("localPart", "plain", "password", PASSWORD, "displayName", "Plain User", "quotaBytes", 5000,
                        "access", Map.of("pop3", false))),
                line(Map.of("localPart", "md5", "passwordHash", MD5)),
                line(Map.of("localPart", "sha512", "passwordHash", SHA512)),
                line(Map.of("localPart", "blf", "passwordHash", BLF)),
                line(Map.of("localPart", "bare", "passwordHash", BCRYPT)),
                line(Map.of("localPart", "Des", "passwordHash", DES)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("created").asInt()).isEqualTo(6);
        assertThat(answer.json().path("failed").asInt()).isZero();
        assertThat(answer.json().path("results").findValuesAsString("result")).containsOnly("created");
        assertThat(answer.body()).doesNotContain(PASSWORD).doesNotContain("$1$").doesNotContain("$6$").doesNotContain("$2y$");
        assertThat(authenticate("plain@schemes.import.test", PASSWORD, "imap")).isEqualTo("authenticated");
        assertThat(authenticate("plain@schemes.import.test", PASSWORD, "pop3")).isEqualTo("rejected");
        for (String localPart : List.of("md5", "sha512", "blf", "bare")) {
            assertThat(authenticate(localPart + "@schemes.import.test", SECRET, "imap")).as(localPart).isEqualTo("authenticated");
        }
        assertThat(authenticate("des@schemes.import.test", "vmailmgr", "imap")).isEqualTo("authenticated");
        JsonNode plain = call("GET", "/api/v1/domains/schemes.import.test/mailboxes/plain", ADMIN, null).json();
        assertThat(plain.path("displayName").asString()).isEqualTo("Plain User");
        assertThat(plain.path("quotaBytes").asLong()).isEqualTo(5000);
    }

    @Test
    void aLegacyHashIsUpgradedToArgon2idAtTheFirstSuccessfulLoginOnly() throws Exception {
        createDomain("upgrade.import.test");
        importLines(bearer(ADMIN), "upgrade.import.test", line(Map.of("localPart", "mover", "passwordHash", MD5)));
        assertThat(storedHash("upgrade.import.test", "mover")).isEqualTo("$1$YE3RsP1T$./o4K6lo4MhZthqOsue1K.");

        String wrong = authenticate("mover@upgrade.import.test", SECRET + "x", "imap");
        String afterWrong = storedHash("upgrade.import.test", "mover");
        String right = authenticate("mover@upgrade.import.test", SECRET, "imap");

        assertThat(wrong).isEqualTo("rejected");
        assertThat(afterWrong).startsWith("$1$");
        assertThat(right).isEqualTo("authenticated");
        assertThat(storedHash("upgrade.import.test", "mover")).startsWith("$argon2id$");
        assertThat(authenticate("mover@upgrade.import.test", SECRET, "pop3")).isEqualTo("authenticated");
        assertThat(authenticate("mover@upgrade.import.test", SECRET + "x", "pop3")).isEqualTo("rejected");
    }

    @Test
    void repeatingAnImportChangesNothing() throws Exception {
        createDomain("again.import.test");
        String[] lines = {line(Map.of("localPart", "one", "passwordHash", BLF)), line(Map.of("localPart", "two", "password", PASSWORD))};
        Answer first = importLines(bearer(ADMIN), "again.import.test", lines);
        call("PUT", "/api/v1/domains/again.import.test/mailboxes/one/password", ADMIN, Map.of("password", "changed since import"));

        Answer second = importLines(bearer(ADMIN), "again.import.test", lines);

        assertThat(first.json().path("created").asInt()).isEqualTo(2);
        assertThat(second.json().path("created").asInt()).isZero();
        assertThat(second.json().path("existing").asInt()).isEqualTo(2);
        assertThat(second.json().path("results").findValuesAsString("result")).containsExactly("exists", "exists");
        assertThat(authenticate("one@again.import.test", "changed since import", "imap")).isEqualTo("authenticated");
        assertThat(authenticate("one@again.import.test", SECRET, "imap")).isEqualTo("rejected");
        assertThat(call("GET", "/api/v1/domains/again.import.test/mailboxes", ADMIN, null).json().path("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void eachBadLineFailsAloneNamingItsFieldAndTheGoodOnesAreCreated() throws Exception {
        createDomain("bad.import.test");

        Answer answer = importLines(bearer(ADMIN), "bad.import.test",
                "{not json",
                line(Map.of("localPart", "good1", "password", PASSWORD)),
                line(Map.of("localPart", "a..b", "password", PASSWORD)),
                line(Map.of("localPart", "both", "password", PASSWORD, "passwordHash", MD5)),
                line(Map.of("localPart", "neither")),
                line(Map.of("localPart", "plainhash", "passwordHash", "{PLAIN}" + SECRET)),
                line(Map.of("localPart", "weak", "password", "short")),
                line(Map.of("localPart", "quota", "password", PASSWORD, "quotaBytes", 10, "softQuotaBytes", 20)),
                line(Map.of("localPart", "extra", "password", PASSWORD, "admin", true)),
                "",
                "[1,2]",
                line(Map.of("localPart", "good2", "passwordHash", SHA512)));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.json().path("results");
        assertThat(answer.json().path("created").asInt()).isEqualTo(2);
        assertThat(answer.json().path("failed").asInt()).isEqualTo(9);
        assertThat(results.findValuesAsString("field")).containsExactly("line", "localPart", "password", "password",
                "passwordHash", "password", "softQuotaBytes", "admin", "body");
        assertThat(results.findValues("line").stream().map(JsonNode::asInt).toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12);
        assertThat(answer.body()).doesNotContain(PASSWORD).doesNotContain(SECRET).doesNotContain("YE3RsP1T");
        assertThat(call("GET", "/api/v1/domains/bad.import.test/mailboxes", ADMIN, null).json().path("items")
                .findValuesAsString("localPart")).containsExactly("good1", "good2");
    }

    @Test
    void theDomainsMaximumStopsAnImportLineByLine() throws Exception {
        createDomain("max.import.test");
        call("PATCH", "/api/v1/domains/max.import.test", ADMIN, Map.of("maxMailboxes", 1));

        Answer answer = importLines(bearer(ADMIN), "max.import.test",
                line(Map.of("localPart", "fits", "passwordHash", BLF)), line(Map.of("localPart", "over", "passwordHash", BLF)));

        assertThat(answer.json().path("results").findValuesAsString("result")).containsExactly("created", "failed");
        assertThat(answer.json().path("results").get(1).path("field").asString()).isEqualTo("maxMailboxes");
    }

    @Test
    void importedMailboxesArePublishedAndAudited() throws Exception {
        createDomain("events.import.test");

        importLines(bearer(ADMIN), "events.import.test", line(Map.of("localPart", "off", "passwordHash", BLF, "enabled", false)));

        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:off@events.import.test"), 1);
        assertThat(records).hasSize(1);
        assertThat(EventCodec.decode(records.get(0).value(), DirectoryEvent.class)).usingRecursiveComparison()
                .ignoringFields("id").isEqualTo(
                new DirectoryEvent.MailboxUpserted(1, "off@events.import.test", "events.import.test", "off", false));
        assertThat(new String(records.get(0).value())).doesNotContain("$2y$");
        JsonNode audit = call("GET", "/api/v1/audit?domain=events.import.test", ADMIN, null).json().path("items").get(0);
        assertThat(audit.path("action").asString()).isEqualTo("mailbox.import");
        assertThat(audit.path("detail").asString()).isEqualTo("passwordHash");
        assertThat(authenticate("off@events.import.test", SECRET, "imap")).isEqualTo("rejected");
    }

    @Test
    void onlyTheOperatorAndTheDomainsAdminsMayImport() throws Exception {
        createDomain("mine.import.test");
        createDomain("theirs.import.test");
        createMailbox("mine.import.test", "user");
        String owner = bearer(createAdmin("mine.import.test", "owner"));
        String lineText = line(Map.of("localPart", "newcomer", "passwordHash", BLF));

        assertThat(importLines(owner, "mine.import.test", lineText).json().path("created").asInt()).isEqualTo(1);
        assertProblem(importLines(owner, "theirs.import.test", lineText), 403, null);
        assertProblem(importLines(basic("user@mine.import.test", PASSWORD), "mine.import.test", lineText), 403, null);
        assertProblem(importLines(null, "mine.import.test", lineText), 401, null);
        assertProblem(importLines(bearer(ADMIN), "nowhere.import.test", lineText), 404, "domain");
        assertProblem(call("GET", "/api/v1/domains/theirs.import.test/mailboxes/newcomer", ADMIN, null), 404, "localPart");
    }
}
