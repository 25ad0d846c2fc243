package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value of the wrong JSON type is 400 naming the field by its path ({@code access.pop3},
 * {@code forwardTo[0]}), whatever body it is in; no value is coerced into another type, and the
 * value is never echoed.
 */
class JsonTypesIT extends AccountApiTestBase {

    private static final String BASE = "/api/v1/domains/types.json.test";

    private synchronized void setUpOnce() throws Exception {
        if (call("GET", BASE, ADMIN, null).status() == 404) {
            createDomain("types.json.test");
            createMailbox("types.json.test", "typed");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"quotaBytes\":\"abc\"}|quotaBytes",
            "{\"quotaBytes\":\"123\"}|quotaBytes",
            "{\"quotaBytes\":1.5}|quotaBytes",
            "{\"quotaBytes\":true}|quotaBytes",
            "{\"expiresAt\":\"tomorrow\"}|expiresAt",
            "{\"access\":{\"pop3\":\"yes\"}}|access.pop3",
            "{\"access\":{\"pop3\":1}}|access.pop3",
            "{\"access\":{\"imap4\":false}}|access.imap4",
            "{\"access\":true}|access",
            "{\"enabled\":\"true\"}|enabled",
            "{\"enabled\":0}|enabled",
            "{\"displayName\":42}|displayName",
            "{\"displayName\":[\"x\"]}|displayName",
            "{\"forwardTo\":[\"a@example.org\",7]}|forwardTo[1]",
            "{\"forwardTo\":\"a@example.org\"}|forwardTo",
            "{\"autoresponder\":{\"subject\":5,\"body\":\"b\"}}|autoresponder.subject",
            "{\"autoresponder\":{\"subject\":\"s\",\"body\":\"b\",\"intervalSeconds\":\"3600\"}}|autoresponder.intervalSeconds"})
    void aMailboxPatchOfTheWrongTypeNamesTheField(String body, String field) throws Exception {
        setUpOnce();

        Answer answer = send("PATCH", BASE + "/mailboxes/typed", bearer(ADMIN), body);

        assertProblem(answer, 400, field);
        Answer unchanged = call("GET", BASE + "/mailboxes/typed", ADMIN, null);
        assertThat(unchanged.json().path("quotaBytes").isNull()).isTrue();
        assertThat(unchanged.json().path("enabled").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/domains|{\"name\":123}|name",
            "/api/v1/domains|{\"name\":true}|name",
            "/api/v1/domains|{\"name\":\"n.json.test\",\"maxMailboxes\":\"2\"}|maxMailboxes",
            "/api/v1/domains|{\"name\":\"n.json.test\",\"enabled\":\"no\"}|enabled",
            "/api/v1/domains/types.json.test/mailboxes|{\"localPart\":[\"x\"],\"password\":\"tulip lantern\"}|localPart",
            "/api/v1/domains/types.json.test/mailboxes|{\"localPart\":\"x\",\"password\":12345678}|password",
            "/api/v1/domains/types.json.test/mailboxes|{\"localPart\":\"x\",\"password\":\"tulip lantern\",\"access\":{\"smtp\":\"off\"}}|access.smtp",
            "/api/v1/domains/types.json.test/aliases|{\"localPart\":\"al\",\"targets\":[{\"to\":\"x\"}]}|targets[0]",
            "/api/v1/domains/types.json.test/admins|{\"name\":7}|name"})
    void aCreationOfTheWrongTypeNamesTheFieldAndCreatesNothing(String path, String body, String field) throws Exception {
        setUpOnce();

        Answer answer = send("POST", path, bearer(ADMIN), body);

        assertProblem(answer, 400, field);
        assertThat(answer.body()).doesNotContain("12345678").doesNotContain("\"123\"");
        assertProblem(call("GET", "/api/v1/domains/123", ADMIN, null), 404, null);
        assertProblem(call("GET", BASE + "/mailboxes/x", ADMIN, null), 404, null);
    }

    @Test
    void putBodiesOfTheWrongTypeNameTheField() throws Exception {
        setUpOnce();

        assertProblem(send("PUT", BASE + "/mailboxes/typed/password", bearer(ADMIN), "{\"password\":123456789}"), 400, "password");
        assertProblem(send("PUT", BASE + "/catch-all", bearer(ADMIN), "{\"target\":[\"typed@types.json.test\"]}"), 400, "target");
        assertProblem(send("PUT", "/api/v1/me/forwarding", basic("typed@types.json.test", PASSWORD),
                "{\"forwardTo\":[],\"keepCopy\":\"yes\"}"), 400, "keepCopy");
        assertProblem(send("PUT", "/api/v1/me/password", basic("typed@types.json.test", PASSWORD), "{\"password\":false}"),
                400, "password");
        assertThat(authenticate("typed@types.json.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aBodyThatIsNoJsonObjectIs400NamingTheBody() throws Exception {
        setUpOnce();

        assertProblem(send("POST", "/api/v1/domains", bearer(ADMIN), "{\"name\":"), 400, "body");
        assertProblem(send("POST", "/api/v1/domains", bearer(ADMIN), "[\"n.json.test\"]"), 400, "body");
        assertProblem(send("PATCH", BASE + "/mailboxes/typed", bearer(ADMIN), "\"x\""), 400, "body");
        assertProblem(send("POST", "/internal/v1/authenticate", bearer(SERVICE), "{\"username\":"), 400, "body");
    }

    @Test
    void anImportLineOfTheWrongTypeNamesTheField() throws Exception {
        setUpOnce();
        String body = JSON.writeValueAsString(Map.of("localPart", "imported", "password", "tulip lantern", "quotaBytes", "5"))
                + "\n" + JSON.writeValueAsString(Map.of("localPart", "imported2", "password", "tulip lantern",
                        "access", Map.of("imap", "no")))
                + "\n" + JSON.writeValueAsString(Map.of("localPart", List.of("x"), "password", "tulip lantern"));

        Answer answer = send("POST", BASE + "/mailboxes:import", bearer(ADMIN), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("failed").asInt()).isEqualTo(3);
        assertThat(answer.json().path("results").findValuesAsString("field")).containsExactly("quotaBytes", "access.imap", "localPart");
    }
}
