package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Password guessing is slowed per account and per address, for gateways and for self-service: each
 * failure is answered with a longer {@code delayMillis}, and past the free failures the account or
 * address is locked ({@code throttled}, 429 over REST) without the password being checked.
 */
class ThrottleIT extends AccountApiTestBase {

    private static final long PENALTY_MS = 600;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add("paperpath.account.throttle.base", () -> PENALTY_MS + "ms");
        registry.add("paperpath.account.throttle.max", () -> "5s");
        registry.add("paperpath.account.throttle.free-failures", () -> "2");
        registry.add("paperpath.account.throttle.delay-base", () -> "20ms");
        registry.add("paperpath.account.throttle.delay-max", () -> "100ms");
    }

    private JsonNode answer(String user, String password, String ip) throws Exception {
        Answer answer = call("POST", "/internal/v1/authenticate", SERVICE,
                Map.of("username", user, "password", password, "service", "imap", "remoteIp", ip));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private String login(String user, String password, String ip) throws Exception {
        return answer(user, password, ip).path("result").asString();
    }

    private double counted(String result) {
        return meters.counter("paperpath.account.authentications", "result", result).count();
    }

    @Test
    void afterTheFreeFailuresEvenTheRightPasswordIsThrottledUntilThePenaltyHasPassed() throws Exception {
        createDomain("account.throttle.test");
        createMailbox("account.throttle.test", "target");
        double throttledBefore = counted("throttled");
        double rejectedBefore = counted("rejected");

        login("target@account.throttle.test", "guess one", "198.51.100.1");
        String afterTwo = login("target@account.throttle.test", "guess two", "198.51.100.2");
        String freeStill = login("target@account.throttle.test", PASSWORD, "198.51.100.3");
        login("target@account.throttle.test", "guess three", "198.51.100.4");
        login("target@account.throttle.test", "guess four", "198.51.100.5");
        login("target@account.throttle.test", "guess five", "198.51.100.6");
        JsonNode refused = answer("target@account.throttle.test", PASSWORD, "198.51.100.7");
        JsonNode refusedWrong = answer("target@account.throttle.test", "guess six", "198.51.100.7");
        Thread.sleep(PENALTY_MS + 200);
        String waited = login("target@account.throttle.test", PASSWORD, "198.51.100.8");

        assertThat(afterTwo).isEqualTo("rejected");
        assertThat(freeStill).isEqualTo("authenticated");
        assertThat(refused.path("result").asString()).isEqualTo("throttled");
        assertThat(refused.path("retryAfterSeconds").asInt()).isEqualTo(1);
        assertThat(refused.has("delayMillis")).isFalse();
        assertThat(refused.has("mailbox")).isFalse();
        assertThat(refusedWrong).as("the same answer whatever the password").isEqualTo(refused);
        assertThat(waited).isEqualTo("authenticated");
        assertThat(counted("throttled")).isGreaterThanOrEqualTo(throttledBefore + 2);
        assertThat(counted("rejected")).isGreaterThanOrEqualTo(rejectedBefore + 5);
    }

    @Test
    void eachFailureAsksForALongerDelayUpToTheMaximum() throws Exception {
        createDomain("delay.throttle.test");
        createMailbox("delay.throttle.test", "slow");

        long first = answer("slow@delay.throttle.test", "guess one", "198.51.100.20").path("delayMillis").asLong();
        long second = answer("slow@delay.throttle.test", "guess two", "198.51.100.21").path("delayMillis").asLong();
        long third = answer("slow@delay.throttle.test", "guess three", "198.51.100.22").path("delayMillis").asLong();
        Thread.sleep(PENALTY_MS + 200);
        long fourth = answer("slow@delay.throttle.test", "guess four", "198.51.100.23").path("delayMillis").asLong();

        assertThat(first).isEqualTo(20);
        assertThat(second).isEqualTo(40);
        assertThat(third).isEqualTo(80);
        assertThat(fourth).isEqualTo(100);
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

        assertThat(fromAttacker).isEqualTo("throttled");
        assertThat(fromElsewhere).isEqualTo("authenticated");
    }

    @Test
    void theRightPasswordForAServiceWithoutAccessIsNoGuessButLooksLikeOne() throws Exception {
        createDomain("access.throttle.test");
        createMailbox("access.throttle.test", "noimap");
        call("PATCH", "/api/v1/domains/access.throttle.test/mailboxes/noimap", ADMIN, Map.of("access", Map.of("imap", false)));

        for (int i = 0; i < 5; i++) {
            JsonNode refused = answer("noimap@access.throttle.test", PASSWORD, "198.51.100.99");
            assertThat(refused).isEqualTo(JSON.readTree("{\"result\":\"rejected\",\"delayMillis\":20}"));
        }
        Answer pop3 = call("POST", "/internal/v1/authenticate", SERVICE, Map.of("username", "noimap@access.throttle.test",
                "password", PASSWORD, "service", "pop3", "remoteIp", "198.51.100.99"));

        assertThat(pop3.json().path("result").asString()).isEqualTo("authenticated");
    }

    @Test
    void selfServiceLoginsAreThrottledTooAndAThrottledOneIs429WithRetryAfter() throws Exception {
        createDomain("self.throttle.test");
        createMailbox("self.throttle.test", "user");
        double throttledBefore = counted("throttled");

        for (int i = 0; i < 3; i++) {
            assertProblem(callAs("GET", "/api/v1/me", basic("user@self.throttle.test", "guess " + i), null), 401, null);
        }
        HttpResponse<String> refused = me(basic("user@self.throttle.test", PASSWORD));
        Thread.sleep(PENALTY_MS + 200);
        Answer waited = callAs("GET", "/api/v1/me", basic("user@self.throttle.test", PASSWORD), null);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
        assertThat(refused.body()).doesNotContain("credentials are not valid");
        assertThat(waited.status()).isEqualTo(200);
        assertThat(counted("throttled")).isGreaterThanOrEqualTo(throttledBefore + 1);
    }

    private HttpResponse<String> me(String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
