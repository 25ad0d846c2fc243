package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** account-service over real HTTP, with a real PostgreSQL and a real broker. */
@SpringBootTest(classes = AccountServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountServiceIT {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String SERVICE = "service-token-0123456789";
    private static final String PASSWORD = "correct horse battery";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TestInfrastructure infra;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    @Qualifier("accountServiceHealth")
    HealthIndicator health;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (infra == null) {
            infra = new TestInfrastructure();
        }
        registry.add("spring.datasource.url", infra::jdbcUrl);
        registry.add("paperpath.kafka.bootstrap-servers", infra::bootstrap);
        registry.add("paperpath.data-dir", () -> System.getProperty("java.io.tmpdir"));
        registry.add("paperpath.account.admin-token", () -> ADMIN);
        registry.add("paperpath.account.service-tokens", () -> SERVICE);
        // Every test logs in from the same address; ThrottleIT covers throttling on its own.
        registry.add("paperpath.account.throttle.base", () -> "0");
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        infra.close();
        infra = null;
    }

    private record Answer(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private Answer createDomain(String name) throws Exception {
        return call("POST", "/api/v1/domains", ADMIN, Map.of("name", name));
    }

    private Answer createMailbox(String domain, String localPart, String password) throws Exception {
        return call("POST", "/api/v1/domains/" + domain + "/mailboxes", ADMIN, Map.of("localPart", localPart, "password", password));
    }

    private Answer authenticate(String token, String username, String password) throws Exception {
        return call("POST", "/internal/v1/authenticate", token,
                Map.of("username", username, "password", password, "service", "imap", "remoteIp", "192.0.2.1"));
    }

    private static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(answer.json().path("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void aDomainIsCreatedLowerCasedAndListed() throws Exception {
        Answer created = createDomain("Created.Example.TEST");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asString()).isEqualTo("created.example.test");
        assertThat(created.json().path("enabled").asBoolean()).isTrue();
        Answer list = call("GET", "/api/v1/domains", ADMIN, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("name")).contains("created.example.test");
    }

    @Test
    void aDuplicateDomainIs409() throws Exception {
        assertThat(createDomain("twice.example.test").status()).isEqualTo(201);

        assertProblem(createDomain("TWICE.example.test"), 409, "name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad_domain.test", "-lead.test", "trail-.test", "a..test", "a.test.", "spa ce.test", "ex/ample.test"})
    void anInvalidDomainNameIs400(String name) throws Exception {
        assertProblem(createDomain(name), 400, "name");
    }

    @Test
    void aMailboxIsCreatedAndListedWithoutAnyPassword() throws Exception {
        createDomain("mailboxes.example.test");

        Answer created = createMailbox("mailboxes.example.test", "Alice.Smith", PASSWORD);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("address").asString()).isEqualTo("alice.smith@mailboxes.example.test");
        assertThat(created.json().path("domain").asString()).isEqualTo("mailboxes.example.test");
        assertThat(created.json().path("localPart").asString()).isEqualTo("alice.smith");
        assertThat(created.json().path("enabled").asBoolean()).isTrue();
        Answer list = call("GET", "/api/v1/domains/mailboxes.example.test/mailboxes", ADMIN, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsString("address")).containsExactly("alice.smith@mailboxes.example.test");
        for (Answer answer : List.of(created, list, call("GET", "/api/v1/domains", ADMIN, null))) {
            assertThat(answer.body()).doesNotContain(PASSWORD).doesNotContainIgnoringCase("password")
                    .doesNotContain("argon2");
        }
    }

    @Test
    void aDuplicateMailboxIs409AndAnUnknownDomain404() throws Exception {
        createDomain("dup.example.test");
        assertThat(createMailbox("dup.example.test", "bob", PASSWORD).status()).isEqualTo(201);

        assertProblem(createMailbox("dup.example.test", "BOB", PASSWORD), 409, "localPart");
        assertProblem(createMailbox("nowhere.example.test", "bob", PASSWORD), 404, "domain");
        assertProblem(call("GET", "/api/v1/domains/nowhere.example.test/mailboxes", ADMIN, null), 404, "domain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "a/b", ".alice", "alice.", "a\\b", "a b", "a\u0000b", "",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aBadLocalPartIs400NamingTheField(String localPart) throws Exception {
        createDomain("badlocal.example.test");

        Answer answer = createMailbox("badlocal.example.test", localPart, PASSWORD);

        assertProblem(answer, 400, "localPart");
        assertThat(answer.body()).doesNotContain(PASSWORD);
    }

    @Test
    void aLocalPartOf64OctetsIsAccepted() throws Exception {
        createDomain("long.example.test");

        assertThat(createMailbox("long.example.test", "a".repeat(64), PASSWORD).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "1234567"})
    void aShortPasswordIs400(String password) throws Exception {
        createDomain("shortpw.example.test");

        Answer answer = createMailbox("shortpw.example.test", "carol", password);

        assertProblem(answer, 400, "password");
    }

    @Test
    void theAdminApiWantsTheAdminToken() throws Exception {
        assertProblem(call("GET", "/api/v1/domains", null, null), 401, null);
        assertProblem(call("GET", "/api/v1/domains", "wrong-token-0123456789", null), 401, null);
        assertProblem(call("GET", "/api/v1/domains", SERVICE, null), 401, null);
        assertProblem(call("POST", "/api/v1/domains", null, Map.of("name", "sneaky.example.test")), 401, null);
        assertThat(call("GET", "/api/v1/domains", ADMIN, null).body()).doesNotContain("sneaky.example.test");
    }

    @Test
    void authenticateAcceptsTheRightPasswordCaseInsensitivelyAndRejectsWrongOnes() throws Exception {
        createDomain("auth.example.test");
        createMailbox("auth.example.test", "dave", PASSWORD);
        double before = meters.counter("paperpath.account.authentications", "result", "authenticated").count();

        Answer ok = authenticate(SERVICE, "Dave@Auth.Example.Test", PASSWORD);
        Answer wrong = authenticate(SERVICE, "dave@auth.example.test", PASSWORD + "x");
        Answer unknown = authenticate(SERVICE, "nobody@auth.example.test", PASSWORD);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("result").asString()).isEqualTo("authenticated");
        assertThat(ok.json().path("mailbox").asString()).isEqualTo("dave@auth.example.test");
        assertThat(ok.json().path("domain").asString()).isEqualTo("auth.example.test");
        assertThat(ok.json().path("localPart").asString()).isEqualTo("dave");
        assertThat(ok.body()).doesNotContain(PASSWORD);
        for (Answer rejected : List.of(wrong, unknown)) {
            assertThat(rejected.status()).isEqualTo(200);
            assertThat(rejected.json()).isEqualTo(JSON.readTree("{\"result\":\"rejected\"}"));
        }
        assertThat(meters.counter("paperpath.account.authentications", "result", "authenticated").count())
                .isEqualTo(before + 1);
        assertThat(meters.counter("paperpath.account.authentications", "result", "rejected").count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void authenticateRefusesTheAdminTokenAndNoToken() throws Exception {
        createDomain("svc.example.test");
        createMailbox("svc.example.test", "erin", PASSWORD);

        assertProblem(authenticate(ADMIN, "erin@svc.example.test", PASSWORD), 401, null);
        assertProblem(authenticate(null, "erin@svc.example.test", PASSWORD), 401, null);
        assertThat(authenticate(SERVICE, "erin@svc.example.test", PASSWORD).json().path("result").asString())
                .isEqualTo("authenticated");
    }

    @Test
    void directoryEventsArriveOnTheTopicWithoutSecrets() throws Exception {
        createDomain("events.example.test");
        createMailbox("events.example.test", "frank", PASSWORD);

        List<ConsumerRecord<String, byte[]>> records = infra.directoryRecords(
                List.of("domain:events.example.test", "mailbox:frank@events.example.test"), 2, Duration.ofSeconds(30));

        assertThat(records).extracting(ConsumerRecord::key)
                .containsExactly("domain:events.example.test", "mailbox:frank@events.example.test");
        assertThat(EventCodec.decode(records.get(0).value(), DirectoryEvent.class))
                .isEqualTo(new DirectoryEvent.DomainUpserted(1, "events.example.test", true));
        DirectoryEvent.MailboxUpserted mailbox = (DirectoryEvent.MailboxUpserted) EventCodec.decode(records.get(1).value(),
                DirectoryEvent.class);
        assertThat(mailbox).usingRecursiveComparison().ignoringFields("id").isEqualTo(
                new DirectoryEvent.MailboxUpserted(1, "frank@events.example.test", "events.example.test", "frank", true));
        assertThat(mailbox.id()).as("the incarnation id").isNotBlank();
        for (ConsumerRecord<String, byte[]> record : records) {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(payload).doesNotContain(PASSWORD).doesNotContain("argon2");
        }
    }

    @Test
    void healthIsUpWithTheOutboxBacklogOnceEverythingIsPublished() throws Exception {
        createDomain("health.example.test");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Health current = health.health();
        while (System.nanoTime() < deadline && !Long.valueOf(0).equals(current.getDetails().get("outboxPending"))) {
            Thread.sleep(100);
            current = health.health();
        }

        assertThat(current.getStatus()).isEqualTo(Status.UP);
        assertThat(current.getDetails()).containsEntry("outboxPending", 0L);
        assertThat(meters.get("paperpath.account.outbox.pending").gauge().value()).isZero();
    }
}
