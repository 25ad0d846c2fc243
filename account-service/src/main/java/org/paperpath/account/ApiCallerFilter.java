package org.paperpath.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the {@link Caller} of {@code /api/v1/**} and stores it as a request attribute, or
 * answers 401: {@code Bearer} with the admin token (compared as SHA-256 digests in constant time)
 * or a domain admin's token; {@code Basic} with a mailbox's address and password (RFC 7617,
 * UTF-8). What a caller may reach is decided later ({@link Permissions}); this only says who it is.
 *
 * <p>Basic logins go through the gateways' throttle ({@link Logins}, {@link FailureThrottle}): while
 * the account or the client's address is locked the answer is {@code 429 Too Many Requests}
 * (problem+json, {@code Retry-After} in seconds) without the password being checked, so a user with
 * the right password learns to wait rather than that it is wrong. Below the lock a wrong password is
 * 401 after the throttle's growing delay, slept on the servlet thread but cut to
 * {@link #MAX_REST_DELAY}: a Tomcat thread is no event loop, yet it is shared with
 * {@code /internal/v1/authenticate}, so a guesser may hold one only briefly (and gets no more than
 * {@code free-failures + 1} such refusals per key before the lock answers 429 at once).
 */
final class ApiCallerFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";
    private static final String CHALLENGE = "Bearer realm=\"paperpath-admin\", Basic realm=\"paperpath\", charset=\"UTF-8\"";

    /** The longest a refused Basic login is held on its servlet thread. */
    static final Duration MAX_REST_DELAY = Duration.ofSeconds(1);

    private final byte[] adminTokenDigest;
    private final DomainAdmins domainAdmins;
    private final Logins logins;

    ApiCallerFilter(String adminToken, DomainAdmins domainAdmins, Logins logins) {
        this.adminTokenDigest = DomainAdmins.digest(adminToken);
        this.domainAdmins = domainAdmins;
        this.logins = logins;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.trim().regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            basic(request, response, chain, header.trim().substring(BASIC.length()).trim());
            return;
        }
        Optional<Caller> caller = header == null ? Optional.empty() : caller(header.trim(), request.getRemoteAddr());
        if (caller.isEmpty()) {
            BearerTokenFilter.unauthorized(request, response, CHALLENGE,
                    header == null ? "credentials are required" : "the credentials are not valid");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private Optional<Caller> caller(String header, String remoteAddress) {
        if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).trim();
            if (MessageDigest.isEqual(adminTokenDigest, DomainAdmins.digest(token))) {
                return Optional.of(new Caller.Admin(remoteAddress));
            }
            return domainAdmins.resolve(token, remoteAddress).map(Caller.class::cast);
        }
        return Optional.empty();
    }

    /** A mailbox user's Basic credentials: the chain as that user, 429 while throttled, else 401 (after the delay). */
    private void basic(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String encoded)
            throws ServletException, IOException {
        String remoteAddress = request.getRemoteAddr();
        Authentication result = mailboxUser(encoded, remoteAddress);
        if (result instanceof Authentication.Authenticated user) {
            request.setAttribute(Caller.ATTRIBUTE, new Caller.MailboxUser(user.domain(), user.localPart(), remoteAddress));
            chain.doFilter(request, response);
            return;
        }
        if (result instanceof Authentication.Throttled throttled) {
            BearerTokenFilter.tooManyRequests(request, response, throttled.retryAfterSeconds(),
                    "too many failed logins; try again later");
            return;
        }
        holdBack(((Authentication.Rejected) result).delay());
        BearerTokenFilter.unauthorized(request, response, CHALLENGE, "the credentials are not valid");
    }

    private Authentication mailboxUser(String encoded, String remoteAddress) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Authentication.Rejected("undecodable Basic credentials", false);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Authentication.Rejected("Basic credentials without a colon", false);
        }
        return logins.authenticateSelf(decoded.substring(0, colon), decoded.substring(colon + 1), remoteAddress);
    }

    /** Sleeps the refusal delay, at most {@link #MAX_REST_DELAY}. */
    private static void holdBack(Duration delay) {
        long millis = Math.min(delay.toMillis(), MAX_REST_DELAY.toMillis());
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
