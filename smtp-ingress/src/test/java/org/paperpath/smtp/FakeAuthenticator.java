package org.paperpath.smtp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.paperpath.account.client.AuthResult;
import org.paperpath.account.client.Authenticator;

/**
 * account-service as tests see it: {@code alice@example.test} with password {@code secret} logs in,
 * {@code down@example.test} finds account-service unavailable, {@code locked@example.test} finds it
 * throttling that account, everything else is rejected.
 * Remembers the service each call named.
 */
public final class FakeAuthenticator implements Authenticator {

    public static final String USER = "alice@example.test";
    public static final String PASSWORD = "secret";

    private final List<String> services = new CopyOnWriteArrayList<>();

    @Override
    public AuthResult authenticate(String username, String password, String service, String remoteIp) {
        services.add(service);
        if (username.equals("down@example.test")) {
            return new AuthResult.Unavailable("account-service down");
        }
        if (username.equals("locked@example.test")) {
            return new AuthResult.Throttled(Duration.ofSeconds(30));
        }
        if (username.equals(USER) && password.equals(PASSWORD)) {
            return new AuthResult.Authenticated(USER, "example.test", "alice");
        }
        return new AuthResult.Rejected("bad password");
    }

    /** The service names asked for so far, in order. */
    public List<String> services() {
        return List.copyOf(services);
    }
}
