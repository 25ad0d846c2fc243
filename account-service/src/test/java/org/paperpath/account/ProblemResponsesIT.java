package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every error of the API is RFC 9457 {@code application/problem+json}, over real HTTP: also what
 * Tomcat refuses before Spring sees it (an encoded NUL or '/' in a path segment) and what no
 * controller takes (an unknown path, an unsupported method or content type). None repeats the input.
 */
class ProblemResponsesIT extends AccountApiTestBase {

    private final HttpClient raw = HttpClient.newHttpClient();

    private Answer rawCall(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Authorization", bearer(ADMIN));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = raw.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private static void assertPlainProblem(Answer answer, int status) {
        assertProblem(answer, status, null);
        assertThat(answer.json().path("title").asString()).isNotEmpty();
        assertThat(answer.body()).doesNotContainIgnoringCase("<html").doesNotContain("timestamp")
                .doesNotContain("%00").doesNotContain("%2f").doesNotContain("<script>").doesNotContain("\u0000");
    }

    @ParameterizedTest
    @CsvSource({"GET,/api/v1/domains/example.test/mailboxes/%00", "GET,/api/v1/domains/example.test/mailboxes/a%2fb",
            "GET,/api/v1/domains/example.test/mailboxes/a%2Fb", "GET,/api/v1/domains/%00/mailboxes",
            "PUT,/api/v1/domains/example.test/mailboxes/%00/password", "DELETE,/api/v1/domains/example.test/mailboxes/%00",
            "DELETE,/api/v1/domains/%00", "GET,/api/v1/domains/example.test/aliases/%00%3Cscript%3E"})
    void whatTomcatRefusesBeforeSpringIsAProblem(String method, String path) throws Exception {
        Answer answer = rawCall(method, path, "application/json", method.equals("PUT") ? "{\"password\":\"tulip lantern\"}" : null);

        assertPlainProblem(answer, 400);
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/nothing", "/api/v1/domains/example.test/nothing", "/api/v1/%3Cscript%3Ealert(1)%3C.x",
            "/internal/v1/nothing"})
    void anUnknownPathIsAProblem(String path) throws Exception {
        Answer answer = rawCall("GET", path, null, null);

        assertPlainProblem(answer, 404);
        assertThat(answer.json().path("detail").asString()).isEqualTo("no such resource");
    }

    @Test
    void anUnsupportedMethodOrContentTypeIsAProblem() throws Exception {
        createDomain("methods.problems.test");

        Answer method = rawCall("POST", "/api/v1/me", "application/json", "{}");
        Answer mediaType = rawCall("PATCH", "/api/v1/domains/methods.problems.test", "text/plain", "enabled=false");

        assertPlainProblem(method, 405);
        assertPlainProblem(mediaType, 415);
        assertThat(call("GET", "/api/v1/domains/methods.problems.test", ADMIN, null).json().path("enabled").asBoolean()).isTrue();
    }
}
