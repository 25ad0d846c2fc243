package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * account-service over real HTTP with a real PostgreSQL and broker, shared by the API test classes
 * that extend it: one infrastructure and one cached Spring context for all of them, stopped when the
 * test JVM exits. Every test uses its own domain names, so the tests need no clean-up.
 */
@SpringBootTest(classes = AccountServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Every test logs in from the same address: throttling is off here, and ThrottleIT turns it on.
@TestPropertySource(properties = "paperpath.account.throttle.base=0")
abstract class AccountApiTestBase {

    static final String ADMIN = "api-admin-token-0123456789";
    static final String SERVICE = "api-service-token-0123456789";
    static final String PASSWORD = "correct horse battery";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestInfrastructure infra;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> infra().jdbcUrl());
        registry.add("paperpath.kafka.bootstrap-servers", () -> infra().bootstrap());
        registry.add("paperpath.data-dir", () -> System.getProperty("java.io.tmpdir"));
        registry.add("paperpath.account.admin-token", () -> ADMIN);
        registry.add("paperpath.account.service-tokens", () -> SERVICE);
    }

    static synchronized TestInfrastructure infra() {
        if (infra == null) {
            infra = new TestInfrastructure();
            TestInfrastructure started = infra;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return infra;
    }

    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Answer call(String method, String path, String token, Object body) throws Exception {
        return send(method, path, token == null ? null : "Bearer " + token,
                body == null ? null : JSON.writeValueAsString(body));
    }

    /** A request with a raw {@code Authorization} header value. */
    Answer callAs(String method, String path, String authorization, Object body) throws Exception {
        return send(method, path, authorization, body == null ? null : JSON.writeValueAsString(body));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Issues a domain admin's token as the operator. */
    String createAdmin(String domain, String name) throws Exception {
        Answer answer = call("POST", "/api/v1/domains/" + domain + "/admins", ADMIN, Map.of("name", name));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("token").asString();
    }

    /** A request with a raw {@code Authorization} header value and raw JSON text. */
    Answer send(String method, String path, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    Answer createDomain(String name) throws Exception {
        Answer answer = call("POST", "/api/v1/domains", ADMIN, Map.of("name", name));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer;
    }

    Answer createMailbox(String domain, String localPart) throws Exception {
        Answer answer = call("POST", "/api/v1/domains/" + domain + "/mailboxes", ADMIN,
                Map.of("localPart", localPart, "password", PASSWORD));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer;
    }

    String authenticate(String username, String password, String service) throws Exception {
        Answer answer = call("POST", "/internal/v1/authenticate", SERVICE,
                Map.of("username", username, "password", password, "service", service, "remoteIp", "192.0.2.1"));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("result").asString();
    }

    List<ConsumerRecord<String, byte[]>> directoryRecords(List<String> keys, int expected) {
        return infra().directoryRecords(keys, expected, Duration.ofSeconds(30));
    }

    static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(answer.json().path("field").asString()).isEqualTo(field);
        }
    }
}
