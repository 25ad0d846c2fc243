package org.paperpath.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Mailboxes of a domain: {@code /api/v1/domains/{domain}/mailboxes}, admin token required. */
@RestController
@RequestMapping("/api/v1/domains/{domain}/mailboxes")
class MailboxController {

    /** The password is hashed at once and appears in no response, log or event. */
    record CreateMailboxRequest(
            @NotNull @Size(min = 1, max = AccountNames.MAX_LOCAL_PART)
            @Pattern(regexp = AccountNames.LOCAL_PART_PATTERN,
                    message = "must be a dot-atom of letters, digits and !#$%&'*+=?^_`{|}~- without leading, trailing or double dots")
            String localPart,
            @NotNull @Size(min = 8, max = 1024, message = "must be 8 to 1024 characters") String password) {

        @Override
        public String toString() {
            return "CreateMailboxRequest[localPart=" + localPart + "]";
        }
    }

    record MailboxResponse(String address, String domain, String localPart, boolean enabled) {
        static MailboxResponse of(AccountStore.MailboxRow row) {
            return new MailboxResponse(AccountNames.address(row.localPart(), row.domain()), row.domain(), row.localPart(),
                    row.enabled());
        }
    }

    private final Accounts accounts;

    MailboxController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping
    ResponseEntity<MailboxResponse> create(@PathVariable String domain, @Valid @RequestBody CreateMailboxRequest request) {
        MailboxResponse created = MailboxResponse.of(accounts.createMailbox(domain, request.localPart(), request.password()));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.domain() + "/mailboxes/" + created.localPart()))
                .body(created);
    }

    @GetMapping
    List<MailboxResponse> list(@PathVariable String domain) {
        return accounts.mailboxes(domain).stream().map(MailboxResponse::of).toList();
    }
}
