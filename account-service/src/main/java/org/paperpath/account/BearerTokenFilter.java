package org.paperpath.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} for one of its tokens
 * (RFC 6750); otherwise answers 401 as {@code application/problem+json}. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, over every token, so neither the length nor the
 * matching prefix of a token leaks through timing.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<byte[]> tokenDigests;
    private final String realm;

    BearerTokenFilter(List<String> tokens, String realm) {
        this.tokenDigests = tokens.stream().map(BearerTokenFilter::digest).toList();
        this.realm = realm;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && accepted(header.substring(PREFIX.length()).trim())) {
            chain.doFilter(request, response);
            return;
        }
        unauthorized(request, response, "Bearer realm=\"" + realm + "\"",
                header == null ? "a bearer token is required" : "the bearer token is not valid here");
    }

    /** Answers 401 as {@code application/problem+json} with the given challenge. */
    static void unauthorized(HttpServletRequest request, HttpServletResponse response, String challenge, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        problem(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    /**
     * Answers 429 as {@code application/problem+json} with {@code Retry-After} in seconds (RFC 6585
     * section 4, RFC 9110 section 10.2.3).
     */
    static void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds,
            String detail) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        problem(request, response, 429, "Too Many Requests", detail);
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }

    private boolean accepted(String presented) {
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] token : tokenDigests) {
            match |= MessageDigest.isEqual(token, candidate);
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
