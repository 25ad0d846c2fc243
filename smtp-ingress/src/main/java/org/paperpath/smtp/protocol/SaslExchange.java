package org.paperpath.smtp.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One SASL exchange of SMTP AUTH (RFC 4954) for PLAIN (RFC 4616) or LOGIN, from the first challenge
 * to complete credentials. Immutable: each response gives the next step. Responses are strict
 * base64 (padded, nothing outside the alphabet), at most {@link #MAX_RESPONSE} characters, and must
 * decode to UTF-8; a response of {@code *} cancels (RFC 4954 section 4).
 */
public final class SaslExchange {

    /** Long enough for a 255-octet user name and a 255-octet password in one PLAIN response. */
    public static final int MAX_RESPONSE = 700;

    /** The mechanisms we offer, in the order EHLO lists them. */
    public enum Mechanism { PLAIN, LOGIN }

    /** What happens after a response. */
    public sealed interface Step {
    }

    /** Send {@code reply} (a 334 challenge) and wait for the response to {@code next}. */
    public record Challenge(SmtpReply reply, SaslExchange next) implements Step {
    }

    /** The credentials are complete. */
    public record Credentials(String username, String password) implements Step {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    /** The exchange ended without credentials; {@code reply} says why. */
    public record Failed(SmtpReply reply) implements Step {
    }

    private static final SmtpReply EMPTY_CHALLENGE = SmtpReply.of(334, "");
    private static final SmtpReply USERNAME = SmtpReply.of(334, "VXNlcm5hbWU6");
    private static final SmtpReply PASSWORD = SmtpReply.of(334, "UGFzc3dvcmQ6");
    private static final Failed BAD_BASE64 = new Failed(SmtpReply.of(501, "5.5.2 Cannot decode response"));
    private static final Failed BAD_PLAIN = new Failed(SmtpReply.of(501, "5.5.2 Malformed PLAIN response"));

    private final Mechanism mechanism;
    /** LOGIN after its user name: the name, still waiting for the password. */
    private final Optional<String> username;

    private SaslExchange(Mechanism mechanism, Optional<String> username) {
        this.mechanism = mechanism;
        this.username = username;
    }

    public static Optional<Mechanism> mechanism(String name) {
        for (Mechanism mechanism : Mechanism.values()) {
            if (mechanism.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }

    /** The first step; an initial response (RFC 4954 section 4) counts as the first response. */
    public static Step start(Mechanism mechanism, Optional<String> initialResponse) {
        SaslExchange exchange = new SaslExchange(mechanism, Optional.empty());
        if (initialResponse.isPresent()) {
            return exchange.respond(initialResponse.get());
        }
        return new Challenge(mechanism == Mechanism.PLAIN ? EMPTY_CHALLENGE : USERNAME, exchange);
    }

    /** The client's answer to our last challenge. */
    public Step respond(String line) {
        if (line.equals("*")) {
            return new Failed(SmtpReplies.AUTH_CANCELLED);
        }
        Optional<String> decoded = decode(line);
        if (decoded.isEmpty()) {
            return BAD_BASE64;
        }
        String text = decoded.get();
        if (mechanism == Mechanism.PLAIN) {
            return plain(text);
        }
        if (username.isEmpty()) {
            return text.isEmpty() || text.indexOf('\0') >= 0 ? BAD_PLAIN
                    : new Challenge(PASSWORD, new SaslExchange(mechanism, Optional.of(text)));
        }
        return text.indexOf('\0') >= 0 ? BAD_PLAIN : new Credentials(username.get(), text);
    }

    /** RFC 4616 section 2: {@code [authzid] NUL authcid NUL passwd}; we act for nobody else. */
    private static Step plain(String text) {
        String[] parts = text.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()
                || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return BAD_PLAIN;
        }
        return new Credentials(parts[1], parts[2]);
    }

    /** Strict base64 to UTF-8; {@code =} alone is the empty response. */
    static Optional<String> decode(String line) {
        if (line.equals("=")) {
            return Optional.of("");
        }
        if (line.isEmpty() || line.length() > MAX_RESPONSE || line.length() % 4 != 0
                || !line.matches("[A-Za-z0-9+/]+={0,2}")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(line);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
