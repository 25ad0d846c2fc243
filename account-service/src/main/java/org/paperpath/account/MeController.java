package org.paperpath.account;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Self-service for a mailbox user, authenticated by HTTP Basic with its address and password. */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final Accounts accounts;

    MeController(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    MailboxController.MailboxResponse me(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return MailboxController.MailboxResponse.of(accounts.me(caller));
    }

    @PutMapping("/password")
    ResponseEntity<Void> setPassword(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @Valid @RequestBody MailboxController.PasswordRequest request) {
        accounts.setMyPassword(caller, request.password());
        return ResponseEntity.noContent().build();
    }
}
