package org.paperpath.account;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
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
 * Aliases of a domain: {@code /api/v1/domains/{domain}/aliases}, for the operator and the domain's
 * admins. Targets are full addresses, local or remote; a loop is refused with 409 naming
 * {@code targets}.
 */
@RestController
@RequestMapping("/api/v1/domains/{domain}/aliases")
class AliasController {

    /** {@code localPart}: checked as a mailbox's; {@code targets}: 1 to {@value Targets#MAX} addresses. */
    record CreateAliasRequest(@NotNull String localPart, @NotNull @Size(min = 1, max = Targets.MAX) List<String> targets) {
    }

    /** The new targets; {@code localPart}, if given, must be the path's. */
    record ReplaceAliasRequest(String localPart, @NotNull @Size(min = 1, max = Targets.MAX) List<String> targets) {
    }

    record AliasResponse(String address, String domain, String localPart, List<String> targets) {
        static AliasResponse of(AliasStore.AliasRow row) {
            return new AliasResponse(row.address(), row.domain(), row.localPart(), row.targets());
        }
    }

    private final Aliases aliases;

    AliasController(Aliases aliases) {
        this.aliases = aliases;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Conflicts("the alias exists, a mailbox has the name, or the targets would make a forwarding loop")
    ResponseEntity<AliasResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = CreateAliasRequest.class))) JsonNode body) {
        CreateAliasRequest request = StrictJson.read(body, CreateAliasRequest.class);
        AliasResponse created = AliasResponse.of(aliases.create(caller, domain, request.localPart(), request.targets()));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + created.domain() + "/aliases/" + created.localPart()))
                .body(created);
    }

    @GetMapping
    Paging.Page<AliasResponse> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return aliases.aliases(caller, domain, Paging.of(page, size)).map(AliasResponse::of);
    }

    @GetMapping("/{localPart}")
    AliasResponse get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String localPart) {
        return AliasResponse.of(aliases.alias(caller, domain, localPart));
    }

    @PutMapping("/{localPart}")
    @Conflicts("the targets would make a forwarding loop")
    AliasResponse replace(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String localPart,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = ReplaceAliasRequest.class))) JsonNode body) {
        ReplaceAliasRequest request = StrictJson.read(body, ReplaceAliasRequest.class);
        return AliasResponse.of(aliases.replaceTargets(caller, domain, localPart, request.localPart(), request.targets()));
    }

    @DeleteMapping("/{localPart}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Conflicts("mail for the address would then fall through to a looping catch-all")
    ResponseEntity<Void> delete(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String localPart) {
        aliases.delete(caller, domain, localPart);
        return ResponseEntity.noContent().build();
    }
}
