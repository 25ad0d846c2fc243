package org.paperpath.account.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HttpAuthenticatorTest {

    private static final String TOKEN = "service-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String acceptedPassword = "correct horse";
    /** Appended to an authenticated answer, e.g. its {@code services}; empty for an older answer. */
    private volatile String extraFields = "";
    /** What every request is answered with instead of checking the password; null to check it. */
    private volatile String scripted;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/authenticate", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Accepts alice@example.test with {@link #acceptedPassword}, rejects everything else. */
    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        String body;
        if (status != 200) {
            body = "{}";
        } else if (scripted != null) {
            body = scripted;
        } else if (request.path("username").asString().equals("alice@example.test")
                && request.path("password").asString().equals(acceptedPassword)) {
            body = "{\"result\":\"authenticated\",\"mailbox\":\"alice@example.test\",\"domain\":\"example.test\",\"localPart\":\"alice\"" + extraFields + "}";
        } else {
            body = "{\"result\":\"rejected\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private HttpAuthenticator authenticator() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new HttpAuthenticator(base, TOKEN, Duration.ofSeconds(30), clock);
    }

    @Test
    void theServicesOfAnAnswerAreParsedAndAnAnswerWithoutThemAllowsEvery() {
        extraFields = ",\"services\":{\"imap\":true,\"pop3\":false,\"smtp\":true}";

        AuthResult result = authenticator().authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7");

        assertThat(result).isEqualTo(new AuthResult.Authenticated("alice@example.test", "example.test", "alice",
                new AuthResult.Services(true, false, true)));
        AuthResult.Services services = ((AuthResult.Authenticated) result).services();
        assertThat(services.allows("pop3")).isFalse();
        assertThat(services.allows("submission")).isTrue();
        assertThat(services.allows("ftp")).isFalse();
        assertThat(new AuthResult.Authenticated("a@b.test", "b.test", "a").services()).isEqualTo(AuthResult.Services.ALL);
    }

    @Test
    void theMailboxIdOfAnAnswerIsParsedAndAnAnswerWithoutOneHasNone() {
        extraFields = ",\"mailboxId\":\"0b5e7c2a-6f1d-4c8e-9a3b-2d4f6e8a0c1e\"";

        AuthResult result = authenticator().authenticate("alice@example.test", "correct horse", "pop3", "192.0.2.7");

        assertThat(result).isEqualTo(new AuthResult.Authenticated("alice@example.test", "example.test", "alice",
                AuthResult.Services.ALL, "0b5e7c2a-6f1d-4c8e-9a3b-2d4f6e8a0c1e"));
        extraFields = "";
        assertThat(((AuthResult.Authenticated) authenticator().authenticate("alice@example.test", "correct horse",
                "pop3", "192.0.2.7")).mailboxId()).isNull();
    }

    @Test
    void theRightPasswordIsAuthenticatedWithTheServiceTokenAndAllFieldsSent() {
        AuthResult result = authenticator().authenticate("Alice@Example.test", "correct horse", "imap", "192.0.2.7");

        assertThat(result).isEqualTo(new AuthResult.Authenticated("alice@example.test", "example.test", "alice"));
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
        JsonNode sent = requests.get(0);
        assertThat(sent.path("username").asString()).isEqualTo("alice@example.test");
        assertThat(sent.path("password").asString()).isEqualTo("correct horse");
        assertThat(sent.path("service").asString()).isEqualTo("imap");
        assertThat(sent.path("remoteIp").asString()).isEqualTo("192.0.2.7");
    }

    @Test
    void aWrongPasswordIsRejected() {
        AuthResult result = authenticator().authenticate("alice@example.test", "wrong", "pop3", "192.0.2.7");

        assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    }

    @Test
    void everyLoginIsAskedSoAPasswordChangeIsSeenAtOnce() {
        HttpAuthenticator authenticator = authenticator();
        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Authenticated.class);
        acceptedPassword = "battery staple";

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Rejected.class);
        assertThat(authenticator.authenticate("alice@example.test", "battery staple", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Authenticated.class);
        assertThat(requests).hasSize(3);
    }

    @Test
    void aRejectionCarriesItsDelayBoundedAndNoneWhenAbsent() {
        HttpAuthenticator authenticator = authenticator();

        assertThat(authenticator.authenticate("alice@example.test", "wrong", "pop3", "192.0.2.7"))
                .isEqualTo(new AuthResult.Rejected("rejected", Duration.ZERO))
                .isEqualTo(new AuthResult.Rejected("rejected"));
        scripted = "{\"result\":\"rejected\",\"delayMillis\":750}";
        assertThat(authenticator.authenticate("alice@example.test", "wrong", "pop3", "192.0.2.7"))
                .isEqualTo(new AuthResult.Rejected("rejected", Duration.ofMillis(750)));
        scripted = "{\"result\":\"rejected\",\"delayMillis\":86400000}";
        assertThat(((AuthResult.Rejected) authenticator.authenticate("alice@example.test", "wrong", "pop3", "192.0.2.7"))
                .delay()).isEqualTo(HttpAuthenticator.MAX_DELAY);
        scripted = "{\"result\":\"rejected\",\"delayMillis\":-5}";
        assertThat(((AuthResult.Rejected) authenticator.authenticate("alice@example.test", "wrong", "pop3", "192.0.2.7"))
                .delay()).isZero();
    }

    @Test
    void aThrottledAnswerIsThrottledNotRejectedNorUnavailable() {
        scripted = "{\"result\":\"throttled\",\"retryAfterSeconds\":17}";

        assertThat(authenticator().authenticate("alice@example.test", "correct horse", "pop3", "192.0.2.7"))
                .isEqualTo(new AuthResult.Throttled(Duration.ofSeconds(17)));
        scripted = "{\"result\":\"throttled\"}";
        assertThat(authenticator().authenticate("alice@example.test", "correct horse", "pop3", "192.0.2.7"))
                .as("no retryAfterSeconds: one second").isEqualTo(new AuthResult.Throttled(Duration.ofSeconds(1)));
        scripted = "{\"result\":\"throttled\",\"retryAfterSeconds\":99999999}";
        assertThat(authenticator().authenticate("alice@example.test", "correct horse", "pop3", "192.0.2.7"))
                .isEqualTo(new AuthResult.Throttled(HttpAuthenticator.MAX_RETRY_AFTER));
    }

    @Test
    void aThrottledAnswerNeitherUsesNorForgetsTheRememberedSuccess() {
        HttpAuthenticator authenticator = authenticator();
        authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7");
        scripted = "{\"result\":\"throttled\",\"retryAfterSeconds\":30}";

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .as("the remembered success does not get past the throttle")
                .isEqualTo(new AuthResult.Throttled(Duration.ofSeconds(30)));
        scripted = null;
        status = 503;
        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .as("still remembered for an outage").isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void aRecentSuccessStandsInWhileAccountServiceIsDown() {
        HttpAuthenticator authenticator = authenticator();
        authenticator.authenticate("ALICE@example.test", "correct horse", "imap", "192.0.2.7");
        status = 503;

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isEqualTo(new AuthResult.Authenticated("alice@example.test", "example.test", "alice"));
        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "pop3", "192.0.2.7"))
                .as("remembered per service").isInstanceOf(AuthResult.Unavailable.class);
        assertThat(authenticator.authenticate("alice@example.test", "other", "imap", "192.0.2.7"))
                .as("only the password that worked").isInstanceOf(AuthResult.Unavailable.class);
        server.stop(0);
        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .as("unreachable too").isInstanceOf(AuthResult.Authenticated.class);
    }

    @Test
    void aRememberedSuccessExpires() {
        HttpAuthenticator authenticator = authenticator();
        authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7");
        status = 503;
        clock.advance(Duration.ofSeconds(31));

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Unavailable.class);
    }

    @Test
    void aRejectionForgetsTheRememberedSuccess() {
        HttpAuthenticator authenticator = authenticator();
        authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7");
        acceptedPassword = "battery staple";
        authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7");
        status = 503;

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Unavailable.class);
    }

    @Test
    void aRejectionIsNotCached() {
        HttpAuthenticator authenticator = authenticator();
        authenticator.authenticate("alice@example.test", "wrong", "imap", "192.0.2.7");
        authenticator.authenticate("alice@example.test", "wrong", "imap", "192.0.2.7");

        assertThat(requests).hasSize(2);
    }

    @Test
    void aServerErrorIsUnavailable() {
        status = 503;
        assertThat(authenticator().authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Unavailable.class);
    }

    @Test
    void aRefusedServiceTokenIsUnavailableNotRejected() {
        status = 401;
        assertThat(authenticator().authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Unavailable.class);
    }

    @Test
    void anUnreachableServiceIsUnavailable() {
        HttpAuthenticator authenticator = authenticator();
        server.stop(0);

        assertThat(authenticator.authenticate("alice@example.test", "correct horse", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Unavailable.class);
    }

    @Test
    void anEmptyPasswordIsRejectedWithoutAsking() {
        assertThat(authenticator().authenticate("alice@example.test", "", "imap", "192.0.2.7"))
                .isInstanceOf(AuthResult.Rejected.class);
        assertThat(requests).isEmpty();
    }

    @Test
    void theCacheKeyDoesNotContainThePassword() {
        PositiveCache cache = new PositiveCache(Duration.ofSeconds(30), clock);
        String key = cache.key("alice@example.test", "imap", "correct horse");

        assertThat(key).startsWith("alice@example.test").doesNotContain("correct horse");
        assertThat(cache.key("alice@example.test", "imap", "correct horse")).isEqualTo(key);
        assertThat(cache.key("alice@example.test", "imap", "correct horsf")).isNotEqualTo(key);
        assertThat(cache.key("alice@example.test", "pop3", "correct horse")).isNotEqualTo(key);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
