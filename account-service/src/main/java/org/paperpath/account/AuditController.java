package org.paperpath.account;

import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}, newest first and paged: the operator sees every entry (or one domain's
 * with {@code ?domain=}), a domain admin its own domain's only.
 */
@RestController
class AuditController {

    record AuditResponse(long id, Instant at, String actor, String remoteAddress, String action, String domain,
            String target, String detail) {
        static AuditResponse of(AuditEntry entry) {
            return new AuditResponse(entry.id(), entry.at(), entry.actor(), entry.remoteAddress(), entry.action(),
                    entry.domain(), entry.target(), entry.detail());
        }
    }

    private final AuditStore audit;

    AuditController(AuditStore audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit")
    Paging.Page<AuditResponse> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(required = false) String domain, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        Paging paging = Paging.of(page, size);
        String only;
        if (caller instanceof Caller.DomainAdmin admin) {
            only = domain == null ? admin.domain() : Permissions.authorizedDomain(caller, domain);
        } else {
            Permissions.requireAdmin(caller);
            only = domain == null ? null : AccountNames.domain(domain, "domain");
        }
        return new Paging.Page<>(audit.audit(only, paging.offset(), paging.size()).stream().map(AuditResponse::of).toList(),
                paging.page(), paging.size(), audit.countAudit(only));
    }
}
