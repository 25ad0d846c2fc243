package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/authenticate} for gateways and SMTP AUTH, service token required. Always
 * 200 with {@code authenticated} or {@code rejected}; which check failed is never told. A mailbox
 * that is disabled (or its domain), expired, or not allowed the {@code service} asked for is
 * rejected exactly like a wrong password, so a gateway answers its usual authentication failure.
 * An authenticated answer carries every service the mailbox may use.
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

    /** {@code result} is {@code authenticated} or {@code rejected}; a rejection carries nothing else. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthenticateResponse(String result, String mailbox, String domain, String localPart, Services services,
            String mailboxId) {

        AuthenticateResponse(String result, String mailbox, String domain, String localPart, Services services) {
            this(result, mailbox, domain, localPart, services, null);
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
                    Services.of(ok.services()), ok.mailboxId());
        }
        return new AuthenticateResponse("rejected", null, null, null, null);
    }
}
