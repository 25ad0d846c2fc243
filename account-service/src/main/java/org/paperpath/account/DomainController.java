package org.paperpath.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Domains we receive mail for: {@code /api/v1/domains}, admin token required. */
@RestController
@RequestMapping("/api/v1/domains")
class DomainController {

    record CreateDomainRequest(
            @NotNull @Size(max = AccountNames.MAX_DOMAIN)
            @Pattern(regexp = AccountNames.DOMAIN_PATTERN, message = "must be an LDH domain name") String name) {
    }

    record DomainResponse(String name, boolean enabled) {
        static DomainResponse of(AccountStore.DomainRow row) {
            return new DomainResponse(row.name(), row.enabled());
        }
    }

    private final Accounts accounts;

    DomainController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping
    ResponseEntity<DomainResponse> create(@Valid @RequestBody CreateDomainRequest request) {
        DomainResponse created = DomainResponse.of(accounts.createDomain(request.name()));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.name())).body(created);
    }

    @GetMapping
    List<DomainResponse> list() {
        return accounts.domains().stream().map(DomainResponse::of).toList();
    }
}
