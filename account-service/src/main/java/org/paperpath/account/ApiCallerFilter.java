package org.paperpath.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes the {@link Caller} of {@code /api/v1/**} and stores it as a request attribute, or
 * answers 401: {@code Bearer} with the admin token (compared as SHA-256 digests in constant time)
 * or a domain admin's token; {@code Basic} with a mailbox's address and password (RFC 7617,
 * UTF-8). What a caller may reach is decided later ({@link Permissions}); this only says who it is.
 */
final class ApiCallerFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";
    private static final String CHALLENGE = "Bearer realm=\"paperpath-admin\", Basic realm=\"paperpath\", charset=\"UTF-8\"";

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
        if (header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return mailboxUser(header.substring(BASIC.length()).trim(), remoteAddress);
        }
        return Optional.empty();
    }

    private Optional<Caller> mailboxUser(String encoded, String remoteAddress) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Authentication result = logins.authenticateSelf(decoded.substring(0, colon), decoded.substring(colon + 1),
                remoteAddress);
        if (result instanceof Authentication.Authenticated user) {
            return Optional.of(new Caller.MailboxUser(user.domain(), user.localPart(), remoteAddress));
        }
        return Optional.empty();
    }
}
