package org.paperpath.account;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Domains we receive mail for: {@code /api/v1/domains}. The operator creates, changes and deletes
 * them; a domain admin reads its own. Names may be internationalised; they are stored and answered
 * as A-labels.
 */
@RestController
@RequestMapping("/api/v1/domains")
class DomainController {

    /**
     * {@code name}: an LDH or IDN domain name, checked by {@link AccountNames#domain}; the settings a
     * PATCH changes may be given at once (enabled unless told, no limits unless given).
     */
    record CreateDomainRequest(@NotNull @Size(max = AccountNames.MAX_DOMAIN) String name, Boolean enabled,
            @PositiveOrZero Long defaultQuotaBytes, @PositiveOrZero Integer maxMailboxes) {
    }

    /** A PATCH: absent fields stay, {@code null} limits are cleared (no limit). */
    record DomainPatch(Boolean enabled, @PositiveOrZero Long defaultQuotaBytes, @PositiveOrZero Integer maxMailboxes) {
    }

    /**
     * @param catchAll where mail for unknown addresses goes, or null
     * @param aliasDomains the domain's other names (A-labels), sorted
     */
    record DomainResponse(String name, boolean enabled, Long defaultQuotaBytes, Integer maxMailboxes, String catchAll,
            List<String> aliasDomains) {
        static DomainResponse of(DomainStore.DomainRow row) {
            return new DomainResponse(row.name(), row.enabled(), row.defaultQuotaBytes(), row.maxMailboxes(), row.catchAll(),
                    row.aliasDomains());
        }
    }

    private final Domains domains;

    DomainController(Domains domains) {
        this.domains = domains;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Conflicts("the domain exists, or is an alias domain")
    ResponseEntity<DomainResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = CreateDomainRequest.class))) JsonNode body) {
        CreateDomainRequest request = StrictJson.read(body, CreateDomainRequest.class);
        DomainResponse created = DomainResponse.of(domains.createDomain(caller, request.name(),
                request.enabled() == null || request.enabled(), request.defaultQuotaBytes(), request.maxMailboxes()));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.name())).body(created);
    }

    @GetMapping
    Paging.Page<DomainResponse> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return domains.domains(caller, Paging.of(page, size)).map(DomainResponse::of);
    }

    @GetMapping("/{domain}")
    DomainResponse get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain) {
        return DomainResponse.of(domains.domain(caller, domain));
    }

    @PatchMapping(path = "/{domain}", consumes = {"application/json", "application/merge-patch+json"})
    DomainResponse patch(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = DomainPatch.class))) JsonNode body) {
        MergePatch<DomainPatch> patch = MergePatch.read(body, DomainPatch.class);
        DomainPatch values = patch.values();
        return DomainResponse.of(domains.updateDomain(caller, domain, current -> current.withSettings(
                patch.pickRequired("enabled", values.enabled(), current.enabled()),
                patch.pick("defaultQuotaBytes", values.defaultQuotaBytes(), current.defaultQuotaBytes()),
                patch.pick("maxMailboxes", values.maxMailboxes(), current.maxMailboxes())), patch.describe()));
    }

    /** 409 while the domain has mailboxes, unless {@code force=true} deletes them too. */
    @DeleteMapping("/{domain}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Conflicts("the domain has mailboxes and force=true was not given")
    ResponseEntity<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain, @RequestParam(defaultValue = "false") boolean force) {
        domains.deleteDomain(caller, domain, force);
        return ResponseEntity.noContent().build();
    }
}
