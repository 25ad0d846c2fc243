package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Password guessing is slowed per account and per address, for gateways and for self-service. */
class ThrottleIT extends AccountApiTestBase {

    private static final long PENALTY_MS = 600;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add("paperpath.account.throttle.base", () -> PENALTY_MS + "ms");
        registry.add("paperpath.account.throttle.max", () -> "5s");
        registry.add("paperpath.account.throttle.free-failures", () -> "2");
    }

    private String login(String user, String password, String ip) throws Exception {
        Answer answer = call("POST", "/internal/v1/authenticate", SERVICE,
                Map.of("username", user, "password", password, "service", "imap", "remoteIp", ip));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("result").asString();
    }

    @Test
    void afterTheFreeFailuresEvenTheRightPasswordWaitsOutThePenalty() throws Exception {
        createDomain("account.throttle.test");
        createMailbox("account.throttle.test", "target");
        double throttledBefore = meters.counter("paperpath.account.authentications", "result", "throttled").count();

        login("target@account.throttle.test", "guess one", "198.51.100.1");
        String afterTwo = login("target@account.throttle.test", "guess two", "198.51.100.2");
        String freeStill = login("target@account.throttle.test", PASSWORD, "198.51.100.3");
        login("target@account.throttle.test", "guess three", "198.51.100.4");
        login("target@account.throttle.test", "guess four", "198.51.100.5");
        login("target@account.throttle.test", "guess five", "198.51.100.6");
        String refused = login("target@account.throttle.test", PASSWORD, "198.51.100.7");
        Thread.sleep(PENALTY_MS + 200);
        String waited = login("target@account.throttle.test", PASSWORD, "198.51.100.8");

        assertThat(afterTwo).isEqualTo("rejected");
        assertThat(freeStill).isEqualTo("authenticated");
        assertThat(refused).isEqualTo("rejected");
        assertThat(waited).isEqualTo("authenticated");
        assertThat(meters.counter("paperpath.account.authentications", "result", "throttled").count())
                .isGreaterThanOrEqualTo(throttledBefore + 1);
    }

    @Test
    void anAddressGuessingAtManyAccountsIsThrottledForAllOfThemAndOthersAreNot() throws Exception {
        createDomain("address.throttle.test");
        createMailbox("address.throttle.test", "victim");

        for (String user : new String[] {"a", "b", "c"}) {
            login(user + "@address.throttle.test", "some guess", "203.0.113.66");
        }
        String fromAttacker = login("victim@address.throttle.test", PASSWORD, "203.0.113.66");
        String fromElsewhere = login("victim@address.throttle.test", PASSWORD, "203.0.113.7");

        assertThat(fromAttacker).isEqualTo("rejected");
        assertThat(fromElsewhere).isEqualTo("authenticated");
    }

    @Test
    void theRightPasswordForAServiceWithoutAccessIsNoGuess() throws Exception {
        createDomain("access.throttle.test");
        createMailbox("access.throttle.test", "noimap");
        call("PATCH", "/api/v1/domains/access.throttle.test/mailboxes/noimap", ADMIN, Map.of("access", Map.of("imap", false)));

        for (int i = 0; i < 5; i++) {
            assertThat(login("noimap@access.throttle.test", PASSWORD, "198.51.100.99")).isEqualTo("rejected");
        }
        Answer pop3 = call("POST", "/internal/v1/authenticate", SERVICE, Map.of("username", "noimap@access.throttle.test",
                "password", PASSWORD, "service", "pop3", "remoteIp", "198.51.100.99"));

        assertThat(pop3.json().path("result").asString()).isEqualTo("authenticated");
    }

    @Test
    void selfServiceLoginsAreThrottledToo() throws Exception {
        createDomain("self.throttle.test");
        createMailbox("self.throttle.test", "user");

        for (int i = 0; i < 3; i++) {
            assertProblem(callAs("GET", "/api/v1/me", basic("user@self.throttle.test", "guess " + i), null), 401, null);
        }
        Answer refused = callAs("GET", "/api/v1/me", basic("user@self.throttle.test", PASSWORD), null);
        Thread.sleep(PENALTY_MS + 200);
        Answer waited = callAs("GET", "/api/v1/me", basic("user@self.throttle.test", PASSWORD), null);

        assertProblem(refused, 401, null);
        assertThat(waited.status()).isEqualTo(200);
    }
}
