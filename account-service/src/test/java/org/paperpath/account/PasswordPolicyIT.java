package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which passwords are accepted wherever one is set (creation, PUT password, /me/password, a
 * plaintext import line): NIST SP 800-63B's rules as {@link Passwords} applies them. A refusal is
 * 400 problem+json naming {@code password} without echoing it; nothing is created or changed.
 */
class PasswordPolicyIT extends AccountApiTestBase {

    private static final String DOMAIN = "example.test";
    private static final String MAILBOXES = "/api/v1/domains/" + DOMAIN + "/mailboxes";

    private synchronized void domainOnce() throws Exception {
        if (call("GET", "/api/v1/domains/" + DOMAIN, ADMIN, null).status() == 404) {
            createDomain(DOMAIN);
        }
    }

    private void mailboxOnce(String localPart) throws Exception {
        domainOnce();
        if (call("GET", MAILBOXES + "/" + localPart, ADMIN, null).status() == 404) {
            createMailbox(DOMAIN, localPart);
        }
    }

    private static void assertRefused(Answer answer, String password) {
        assertProblem(answer, 400, "password");
        // "password" is the field's name and the domain is in the problem's instance: neither says anything.
        if (!password.equalsIgnoreCase("password") && !password.equals(DOMAIN)) {
            assertThat(answer.body()).doesNotContain(password);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "password123", "qwertyuiop", "abcdefgh", "example.test", "PassWord",
            "Password2024!", "iloveyou", "1q2w3e4r", "87654321", "zyxwvuts", "aaaaaaaaaa", "abababababab", "jenny@example.test",
            "example2024", "1234567890", "qwerty123", "letmein!!", "Trustno1", "zaq12wsx", "ÅÅÅÅÅÅÅÅ", "😀😀😀😀😀😀😀😀"})
    void aCommonOrGuessablePasswordIsRefusedAtCreation(String password) throws Exception {
        domainOnce();

        Answer answer = call("POST", MAILBOXES, ADMIN, Map.of("localPart", "jenny", "password", password));

        assertRefused(answer, password);
        assertProblem(call("GET", MAILBOXES + "/jenny", ADMIN, null), 404, "localPart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "1234567", "😀😀😀😀", "ab😀😀c"})
    void fewerThanEightCharactersIsRefusedCountingCodePoints(String password) throws Exception {
        domainOnce();

        Answer answer = call("POST", MAILBOXES, ADMIN, Map.of("localPart", "kim", "password", password));

        assertProblem(answer, 400, "password");
        assertThat(answer.json().path("detail").asString()).contains("at least 8");
    }

    @Test
    void eightCodePointsOfAnyKindAndLongPassphrasesAreAccepted() throws Exception {
        domainOnce();

        assertThat(call("POST", MAILBOXES, ADMIN, Map.of("localPart", "emoji", "password", "😀🎉🐧🌍🚀🍕🎸🔑")).status())
                .isEqualTo(201);
        assertThat(authenticate("emoji@" + DOMAIN, "😀🎉🐧🌍🚀🍕🎸🔑", "imap")).isEqualTo("authenticated");
        String passphrase = "a long and unusual pass phrase ".repeat(34).substring(0, 1024);
        assertThat(call("POST", MAILBOXES, ADMIN, Map.of("localPart", "lengthy", "password", passphrase)).status()).isEqualTo(201);
        assertThat(call("POST", MAILBOXES, ADMIN, Map.of("localPart", "plain", "password", "tulip lantern")).status())
                .isEqualTo(201);
    }

    @Test
    void moreThan1024OctetsIsRefused() throws Exception {
        domainOnce();
        String tooLong = "é".repeat(513);

        Answer answer = call("POST", MAILBOXES, ADMIN, Map.of("localPart", "longer", "password", tooLong));

        assertProblem(answer, 400, "password");
        assertThat(answer.json().path("detail").asString()).contains("1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mallory rocks!", "MALLORY2024", "i am mallory@example.test", "my example.test box"})
    void aPasswordContainingTheMailboxNameOrDomainIsRefused(String password) throws Exception {
        mailboxOnce("mallory");

        Answer answer = call("PUT", MAILBOXES + "/mallory/password", ADMIN, Map.of("password", password));

        assertRefused(answer, password);
        assertThat(answer.json().path("detail").asString()).contains("mailbox's name");
        assertThat(authenticate("mallory@" + DOMAIN, PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "password123", "qwertyuiop", "abcdefgh", "example.test"})
    void theSameRulesHoldForPutPasswordAndMePassword(String password) throws Exception {
        mailboxOnce("nadia");

        assertRefused(call("PUT", MAILBOXES + "/nadia/password", ADMIN, Map.of("password", password)), password);
        assertRefused(callAs("PUT", "/api/v1/me/password", basic("nadia@" + DOMAIN, PASSWORD), Map.of("password", password)),
                password);
        assertThat(authenticate("nadia@" + DOMAIN, PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aPlaintextImportLineIsCheckedAndAnImportedHashIsNot() throws Exception {
        domainOnce();
        String body = JSON.writeValueAsString(Map.of("localPart", "importweak", "password", "password123")) + "\n"
                + JSON.writeValueAsString(Map.of("localPart", "importhash",
                        "passwordHash", "{BLF-CRYPT}$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx."));

        Answer answer = send("POST", MAILBOXES + ":import", bearer(ADMIN), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("results").get(0).path("result").asString()).isEqualTo("failed");
        assertThat(answer.json().path("results").get(0).path("field").asString()).isEqualTo("password");
        assertThat(answer.json().path("results").get(1).path("result").asString()).isEqualTo("created");
        assertThat(answer.body()).doesNotContain("password123");
    }
}
