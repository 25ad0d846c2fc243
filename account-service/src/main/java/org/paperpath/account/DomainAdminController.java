package org.paperpath.account;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A domain's owners: {@code /api/v1/domains/{domain}/admins}. The operator issues and revokes their
 * tokens; a domain admin may list its own domain's admins. A token appears once, in the 201.
 */
@RestController
@RequestMapping("/api/v1/domains/{domain}/admins")
class DomainAdminController {

    /** {@code name}: checked by {@link DomainAdmins}, 1 to 64 of a-z, 0-9, '.', '_', '-'. */
    record CreateAdminRequest(@NotNull String name) {
    }

    record CreatedAdminResponse(String name, String domain, String token) {
        @Override
        public String toString() {
            return "CreatedAdminResponse[name=" + name + ", domain=" + domain + "]";
        }
    }

    record AdminResponse(String name, String domain, Instant createdAt) {
        static AdminResponse of(DomainAdminStore.AdminRow row) {
            return new AdminResponse(row.name(), row.domain(), row.createdAt());
        }
    }

    private final DomainAdmins admins;

    DomainAdminController(DomainAdmins admins) {
        this.admins = admins;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Conflicts("the domain has an admin of that name")
    ResponseEntity<CreatedAdminResponse> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String domain,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = CreateAdminRequest.class))) JsonNode body) {
        CreateAdminRequest request = StrictJson.read(body, CreateAdminRequest.class);
        DomainAdmins.Issued issued = admins.create(caller, domain, request.name());
        return ResponseEntity.created(URI.create("/api/v1/domains/" + issued.admin().domain() + "/admins/" + issued.admin().name()))
                .body(new CreatedAdminResponse(issued.admin().name(), issued.admin().domain(), issued.token()));
    }

    /** Paged like every list: {@code ?page=} from 0, {@code ?size=} up to {@value Paging#MAX_SIZE}. */
    @GetMapping
    Paging.Page<AdminResponse> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return admins.list(caller, domain, Paging.of(page, size)).map(AdminResponse::of);
    }

    /** Revokes the admin's token at once: its next request is 401. */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> revoke(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String domain,
            @PathVariable String name) {
        admins.revoke(caller, domain, name);
        return ResponseEntity.noContent().build();
    }
}
