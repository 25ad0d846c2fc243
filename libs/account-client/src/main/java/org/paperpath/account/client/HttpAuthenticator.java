package org.paperpath.account.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks account-service's {@code POST /internal/v1/authenticate} with a service token. A connection
 * failure, a timeout, a 5xx or a refused service token is {@link AuthResult.Unavailable}: the client
 * hears a temporary error, never "wrong password", when account-service cannot answer.
 *
 * <p>Every login is asked of account-service, so a password change, a disabled mailbox or a revoked
 * service right is seen by the very next login (issue 5: "a password change seen at once"). Successes
 * are remembered for a short time ({@link PositiveCache}) only to be used while account-service
 * cannot answer: logins that worked a moment ago keep working through a brief outage or restart
 * (stale-if-error), and nothing else does. A rejection of a remembered password forgets it at once.
 * Rejections are never cached; account-service throttles guessing. See docs/adr/0002.
 *
 * <p>account-service's throttle answers in two ways, both passed on as they are: a rejection carries
 * {@code delayMillis}, growing with each failure ({@link AuthResult.Rejected#delay()}, at most
 * {@link #MAX_DELAY}), which the gateway waits before answering; and past its failure limits it answers
 * {@code throttled} with {@code retryAfterSeconds} ({@link AuthResult.Throttled}) without having checked
 * the password. A throttled answer is not "account-service cannot answer": the remembered success is
 * neither used (the throttle must hold for everyone, or a guesser who once knew a password could keep
 * logging in with it) nor forgotten (nothing was learnt about the password).
 */
public final class HttpAuthenticator implements Authenticator {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The longest refusal delay taken from account-service; a larger one is cut to this. */
    static final Duration MAX_DELAY = Duration.ofSeconds(10);
    /** The longest wait a throttled answer may announce; a larger one is cut to this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(HttpAuthenticator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final PositiveCache cache;

    public HttpAuthenticator(URI baseUrl, String serviceToken) {
        this(baseUrl, serviceToken, DEFAULT_CACHE_TTL, Clock.systemUTC());
    }

    /**
     * @param cacheTtl how long a success may stand in for account-service while it is unavailable;
     *     {@link Duration#ZERO} turns that off
     */
    public HttpAuthenticator(URI baseUrl, String serviceToken, Duration cacheTtl, Clock clock) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (serviceToken == null || serviceToken.isBlank()) {
            throw new IllegalArgumentException("a service token is required");
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/internal/v1/authenticate");
        this.authorization = "Bearer " + serviceToken;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.cache = new PositiveCache(cacheTtl, clock);
    }

    @Override
    public AuthResult authenticate(String username, String password, String service, String remoteIp) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            return new AuthResult.Rejected("empty username or password");
        }
        String user = username.trim().toLowerCase(Locale.ROOT);
        String cacheKey = cache.key(user, service, password);
        AuthResult result = ask(user, password, service, remoteIp);
        if (result instanceof AuthResult.Authenticated authenticated) {
            cache.put(cacheKey, authenticated);
            return result;
        }
        if (result instanceof AuthResult.Rejected) {
            cache.remove(cacheKey);
            return result;
        }
        if (result instanceof AuthResult.Throttled) {
            return result;
        }
        AuthResult.Authenticated remembered = cache.get(cacheKey);
        if (remembered != null) {
            log.info("account-service unavailable ({}); {} logs in to {} from a success in the last {}s",
                    ((AuthResult.Unavailable) result).reason(), user, service, cache.ttl().toSeconds());
            return remembered;
        }
        return result;
    }

    private AuthResult ask(String username, String password, String service, String remoteIp) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("service", service);
        body.put("remoteIp", remoteIp);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.warn("account-service at {} unreachable: {}", endpoint, e.toString());
            return new AuthResult.Unavailable("account-service unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AuthResult.Unavailable("interrupted");
        }
        return interpret(response.statusCode(), response.body());
    }

    /** The answer's {@code services}; an older account-service sends none, meaning all (see {@link AuthResult.Services#ALL}). */
    private static AuthResult.Services services(JsonNode services) {
        if (!services.isObject()) {
            return AuthResult.Services.ALL;
        }
        return new AuthResult.Services(services.path("imap").asBoolean(false), services.path("pop3").asBoolean(false),
                services.path("smtp").asBoolean(false));
    }

    private AuthResult interpret(int status, byte[] body) {
        if (status == 401 || status == 403) {
            log.error("account-service refused our service token (HTTP {}); check paperpath.account-client.service-token", status);
            return new AuthResult.Unavailable("service credentials refused");
        }
        if (status == 400) {
            return new AuthResult.Rejected("malformed credentials");
        }
        if (status != 200) {
            log.warn("account-service answered HTTP {}", status);
            return new AuthResult.Unavailable("account-service answered HTTP " + status);
        }
        try {
            JsonNode json = JSON.readTree(body);
            String result = json.path("result").asString("");
            if ("authenticated".equals(result)) {
                return new AuthResult.Authenticated(json.path("mailbox").asString(), json.path("domain").asString(),
                        json.path("localPart").asString(), services(json.path("services")),
                        json.path("mailboxId").isString() ? json.path("mailboxId").asString() : null);
            }
            if ("rejected".equals(result)) {
                long delayMillis = Math.max(0, json.path("delayMillis").asLong(0));
                return new AuthResult.Rejected(json.path("reason").asString("rejected"),
                        Duration.ofMillis(Math.min(delayMillis, MAX_DELAY.toMillis())));
            }
            if ("throttled".equals(result)) {
                long seconds = json.path("retryAfterSeconds").asLong(1);
                return new AuthResult.Throttled(Duration.ofSeconds(Math.min(Math.max(seconds, 1),
                        MAX_RETRY_AFTER.toSeconds())));
            }
            return new AuthResult.Unavailable("unknown result '" + result + "'");
        } catch (JacksonException e) {
            return new AuthResult.Unavailable("undecodable answer from account-service");
        }
    }
}
