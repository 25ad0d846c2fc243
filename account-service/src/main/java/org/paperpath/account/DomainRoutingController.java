package org.paperpath.account;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Where a domain's mail may come from and go besides its mailboxes and aliases: its catch-all
 * ({@code /api/v1/domains/{domain}/catch-all}, set by the operator or the domain's admins) and its
 * alias domains ({@code .../alias-domains}, added and removed by the operator only, read by both).
 */
@RestController
@RequestMapping("/api/v1/domains/{domain}")
class DomainRoutingController {

    /** {@code target}: a full address, local or remote; unknown addresses of the domain go there. */
    record CatchAllRequest(@NotNull @Size(max = 320) String target) {
    }

    /** {@code name}: an LDH or IDN domain name that is not a domain itself. */
    record AliasDomainRequest(@NotNull @Size(max = AccountNames.MAX_DOMAIN) String name) {
    }

    /** {@code name} is another name of {@code aliasFor}: {@code a@name} is {@code a@aliasFor}. */
    record AliasDomainResponse(String name, String aliasFor) {
    }

    private final Domains domains;

    DomainRoutingController(Domains domains) {
        this.domains = domains;
    }

    @PutMapping("/catch-all")
    @Conflicts("the catch-all would make a forwarding loop")
    DomainController.DomainResponse setCatchAll(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = CatchAllRequest.class))) JsonNode body) {
        CatchAllRequest request = StrictJson.read(body, CatchAllRequest.class);
        return DomainController.DomainResponse.of(domains.setCatchAll(caller, domain, request.target()));
    }

    /** Unknown addresses of the domain are refused again. */
    @DeleteMapping("/catch-all")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> clearCatchAll(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain) {
        domains.setCatchAll(caller, domain, null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/alias-domains")
    @ResponseStatus(HttpStatus.CREATED)
    @Conflicts("the name is a domain or another domain's alias domain, or adding it would make a forwarding loop")
    ResponseEntity<AliasDomainResponse> addAliasDomain(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = AliasDomainRequest.class))) JsonNode body) {
        AliasDomainRequest request = StrictJson.read(body, AliasDomainRequest.class);
        String alias = domains.addAliasDomain(caller, domain, request.name());
        String target = AccountNames.domain(domain, "domain");
        return ResponseEntity.created(URI.create("/api/v1/domains/" + target + "/alias-domains/" + alias))
                .body(new AliasDomainResponse(alias, target));
    }

    @GetMapping("/alias-domains")
    Paging.Page<AliasDomainResponse> aliasDomains(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        String target = AccountNames.domain(domain, "domain");
        return domains.aliasDomains(caller, domain, Paging.of(page, size)).map(alias -> new AliasDomainResponse(alias, target));
    }

    @GetMapping("/alias-domains/{alias}")
    AliasDomainResponse aliasDomain(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String alias) {
        String name = domains.aliasDomain(caller, domain, alias);
        return new AliasDomainResponse(name, AccountNames.domain(domain, "domain"));
    }

    @DeleteMapping("/alias-domains/{alias}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> removeAliasDomain(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String alias) {
        domains.deleteAliasDomain(caller, domain, alias);
        return ResponseEntity.noContent().build();
    }
}
