package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/authenticate} for gateways and SMTP AUTH, service token required. Always
 * 200, with one of three results:
 *
 * <ul>
 *   <li>{@code {"result":"authenticated", "mailbox", "domain", "localPart", "services"}}: the services
 *       are every one the mailbox may use.</li>
 *   <li>{@code {"result":"rejected", "delayMillis": D}}: which check failed is never told. A mailbox
 *       that is disabled (or its domain), expired, or not allowed the {@code service} asked for is
 *       rejected like a wrong password, so a gateway answers its usual authentication failure.
 *       {@code D} (absent when throttling is off) grows with the failures of the account and of
 *       {@code remoteIp} ({@link FailureThrottle}); the gateway holds its refusal back that long,
 *       without blocking an event loop. account-service answers at once: its request threads never
 *       sleep for a guesser.</li>
 *   <li>{@code {"result":"throttled", "retryAfterSeconds": N}}: the account or the address is locked
 *       after too many failures, and the password was not checked (no hashing work for the caller).
 *       It says nothing about the password: the gateway answers a temporary error at once (POP3
 *       {@code -ERR [SYS/TEMP]}, SMTP {@code 454 4.7.0}), never "invalid credentials".</li>
 * </ul>
 */
@RestController
class AuthenticationController {

    record AuthenticateRequest(String username, String password, String service, String remoteIp) {
        @Override
        public String toString() {
            return "AuthenticateRequest[username=" + username + ", service=" + service + ", remoteIp=" + remoteIp + "]";
        }
    }

    /** The login services a mailbox may use; {@code smtp} is submission with SMTP AUTH. */
    record Services(boolean imap, boolean pop3, boolean smtp) {
        static Services of(ServiceAccess access) {
            return new Services(access.imap(), access.pop3(), access.smtp());
        }
    }

    /**
     * {@code result} is {@code authenticated}, {@code rejected} (with at most {@code delayMillis}) or
     * {@code throttled} (with {@code retryAfterSeconds}); a refusal carries nothing else.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthenticateResponse(String result, String mailbox, String domain, String localPart, Services services,
            String mailboxId, Long delayMillis, Long retryAfterSeconds) {

        AuthenticateResponse(String result, String mailbox, String domain, String localPart, Services services) {
            this(result, mailbox, domain, localPart, services, null, null, null);
        }

        static AuthenticateResponse rejected(Authentication.Rejected rejection) {
            long delay = rejection.delay().toMillis();
            return new AuthenticateResponse("rejected", null, null, null, null, null, delay > 0 ? delay : null, null);
        }

        static AuthenticateResponse throttled(Authentication.Throttled throttled) {
            return new AuthenticateResponse("throttled", null, null, null, null, null, null,
                    throttled.retryAfterSeconds());
        }
    }

    private final Logins logins;

    AuthenticationController(Logins logins) {
        this.logins = logins;
    }

    @PostMapping("/internal/v1/authenticate")
    AuthenticateResponse authenticate(@RequestBody AuthenticateRequest request) {
        Authentication result = logins.authenticate(request.username(), request.password(), request.service(), request.remoteIp());
        if (result instanceof Authentication.Authenticated ok) {
            return new AuthenticateResponse("authenticated", ok.mailbox(), ok.domain(), ok.localPart(),
                    Services.of(ok.services()), ok.mailboxId(), null, null);
        }
        if (result instanceof Authentication.Throttled throttled) {
            return AuthenticateResponse.throttled(throttled);
        }
        return AuthenticateResponse.rejected((Authentication.Rejected) result);
    }
}
