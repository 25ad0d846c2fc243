package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/me}: a mailbox user with its own address and password, and nothing else. */
class SelfServiceIT extends AccountApiTestBase {

    private static final String NEW_PASSWORD = "my brand new secret";

    @Test
    void aUserReadsItsOwnMailboxWithoutAnySecret() throws Exception {
        createDomain("read.self.test");
        createMailbox("read.self.test", "olivia");

        Answer me = callAs("GET", "/api/v1/me", basic("Olivia@Read.Self.Test", PASSWORD), null);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("address").asString()).isEqualTo("olivia@read.self.test");
        assertThat(me.json().path("access").path("imap").asBoolean()).isTrue();
        assertThat(me.body()).doesNotContain(PASSWORD).doesNotContainIgnoringCase("password").doesNotContain("argon2");
    }

    @Test
    void aUserChangesItsPasswordAndTheOldOneStopsWorking() throws Exception {
        createDomain("password.self.test");
        createMailbox("password.self.test", "paul");

        Answer changed = callAs("PUT", "/api/v1/me/password", basic("paul@password.self.test", PASSWORD),
                Map.of("password", NEW_PASSWORD));

        assertThat(changed.status()).isEqualTo(204);
        assertProblem(callAs("GET", "/api/v1/me", basic("paul@password.self.test", PASSWORD), null), 401, null);
        assertThat(callAs("GET", "/api/v1/me", basic("paul@password.self.test", NEW_PASSWORD), null).status()).isEqualTo(200);
        assertThat(authenticate("paul@password.self.test", NEW_PASSWORD, "pop3")).isEqualTo("authenticated");
        assertThat(authenticate("paul@password.self.test", PASSWORD, "pop3")).isEqualTo("rejected");
    }

    @Test
    void aWeakNewPasswordIs400AndTheOldOneStays() throws Exception {
        createDomain("weak.self.test");
        createMailbox("weak.self.test", "quinn");

        Answer answer = callAs("PUT", "/api/v1/me/password", basic("quinn@weak.self.test", PASSWORD), Map.of("password", "short"));
        Answer empty = callAs("PUT", "/api/v1/me/password", basic("quinn@weak.self.test", PASSWORD), Map.of("password", ""));

        assertProblem(answer, 400, "password");
        assertProblem(empty, 400, "password");
        assertThat(authenticate("quinn@weak.self.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void badOrMissingCredentialsAre401() throws Exception {
        createDomain("bad.self.test");
        createMailbox("bad.self.test", "rita");
        createMailbox("bad.self.test", "sleepy");
        call("PATCH", "/api/v1/domains/bad.self.test/mailboxes/sleepy", ADMIN, Map.of("enabled", false));

        assertProblem(callAs("GET", "/api/v1/me", null, null), 401, null);
        assertProblem(callAs("GET", "/api/v1/me", basic("rita@bad.self.test", PASSWORD + "x"), null), 401, null);
        assertProblem(callAs("GET", "/api/v1/me", basic("nobody@bad.self.test", PASSWORD), null), 401, null);
        assertProblem(callAs("GET", "/api/v1/me", basic("sleepy@bad.self.test", PASSWORD), null), 401, null);
        assertProblem(callAs("GET", "/api/v1/me", "Basic !!!not-base64", null), 401, null);
        assertProblem(callAs("GET", "/api/v1/me", "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes()),
                null), 401, null);
        Answer wrong = callAs("PUT", "/api/v1/me/password", basic("rita@bad.self.test", "wrong password"),
                Map.of("password", NEW_PASSWORD));
        assertProblem(wrong, 401, null);
        assertThat(wrong.body()).doesNotContain(NEW_PASSWORD).doesNotContain("wrong password");
        assertThat(authenticate("rita@bad.self.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void aUserReachesNothingButMe() throws Exception {
        createDomain("fence.self.test");
        createMailbox("fence.self.test", "sam");
        createMailbox("fence.self.test", "tina");
        String sam = basic("sam@fence.self.test", PASSWORD);

        assertProblem(callAs("GET", "/api/v1/domains", sam, null), 403, null);
        assertProblem(callAs("POST", "/api/v1/domains", sam, Map.of("name", "evil.self.test")), 403, null);
        assertProblem(callAs("GET", "/api/v1/domains/fence.self.test", sam, null), 403, null);
        assertProblem(callAs("GET", "/api/v1/domains/fence.self.test/mailboxes", sam, null), 403, null);
        assertProblem(callAs("GET", "/api/v1/domains/fence.self.test/mailboxes/sam", sam, null), 403, null);
        assertProblem(callAs("GET", "/api/v1/domains/fence.self.test/mailboxes/tina", sam, null), 403, null);
        assertProblem(callAs("PUT", "/api/v1/domains/fence.self.test/mailboxes/tina/password", sam,
                Map.of("password", "stolen mailbox now")), 403, null);
        assertProblem(callAs("GET", "/api/v1/domains/fence.self.test/admins", sam, null), 403, null);
        assertProblem(callAs("GET", "/api/v1/audit", sam, null), 403, null);
        assertThat(authenticate("tina@fence.self.test", PASSWORD, "imap")).isEqualTo("authenticated");
    }

    @Test
    void meIsOnlyForMailboxUsers() throws Exception {
        createDomain("notme.self.test");
        String owner = bearer(createAdmin("notme.self.test", "owner"));

        assertProblem(call("GET", "/api/v1/me", ADMIN, null), 403, null);
        assertProblem(callAs("GET", "/api/v1/me", owner, null), 403, null);
        assertProblem(callAs("PUT", "/api/v1/me/password", owner, Map.of("password", NEW_PASSWORD)), 403, null);
    }
}
