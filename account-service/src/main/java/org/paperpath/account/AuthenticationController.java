package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/authenticate} for gateways and SMTP AUTH, service token required. Always
 * 200 with {@code authenticated} or {@code rejected}; which check failed is never told.
 */
@RestController
class AuthenticationController {

    record AuthenticateRequest(String username, String password, String service, String remoteIp) {
        @Override
        public String toString() {
            return "AuthenticateRequest[username=" + username + ", service=" + service + ", remoteIp=" + remoteIp + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuthenticateResponse(String result, String mailbox, String domain, String localPart) {
    }

    private final Logins logins;

    AuthenticationController(Logins logins) {
        this.logins = logins;
    }

    @PostMapping("/internal/v1/authenticate")
    AuthenticateResponse authenticate(@RequestBody AuthenticateRequest request) {
        Authentication result = logins.authenticate(request.username(), request.password(), request.service(), request.remoteIp());
        if (result instanceof Authentication.Authenticated ok) {
            return new AuthenticateResponse("authenticated", ok.mailbox(), ok.domain(), ok.localPart());
        }
        return new AuthenticateResponse("rejected", null, null, null);
    }
}
