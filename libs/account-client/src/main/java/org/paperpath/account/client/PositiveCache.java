package org.paperpath.account.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Successful authentications for a short time, used by {@link HttpAuthenticator} only while
 * account-service cannot answer. The key is the username, the service and an HMAC-SHA-256 of the
 * password under a random per-process key: the password itself is never stored, and the digest is
 * useless outside this process (no precomputed dictionary applies to it). Bounded in size.
 */
final class PositiveCache {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(AuthResult.Authenticated result, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;

    PositiveCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The entry key; the service is part of it because rights are per service. */
    String key(String username, String service, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return username + "\0" + service + "\0" + HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    AuthResult.Authenticated get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.result();
    }

    Duration ttl() {
        return ttl;
    }

    void remove(String key) {
        entries.remove(key);
    }

    void put(String key, AuthResult.Authenticated result) {
        if (ttl.isZero() || ttl.isNegative()) {
            return;
        }
        Instant now = clock.instant();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(result, now.plus(ttl)));
    }
}
