package org.paperpath.account;

import java.util.List;

/**
 * account-service's operations on aliases, for the operator and the domain's admins: an alias is an
 * address of the domain whose mail goes to its targets (a list is an alias with many targets).
 */
final class Aliases {

    private final DomainStore domains;
    private final AliasStore store;
    private final OutboxPublisher publisher;

    Aliases(DomainStore domains, AliasStore store, OutboxPublisher publisher) {
        this.domains = domains;
        this.store = store;
        this.publisher = publisher;
    }

    AliasStore.AliasRow create(Caller caller, String domainName, String localPartName, List<String> targets) {
        String domain = Permissions.authorizedDomain(caller, domainName);
        AliasStore.AliasRow alias = new AliasStore.AliasRow(domain, AccountNames.localPart(localPartName),
                Targets.of(targets, "targets", 1));
        AliasStore.AliasRow created = store.insert(alias,
                AuditEntry.of(caller, "alias.create", domain, alias.address(), alias.targets().size() + " targets"));
        publisher.wake();
        return created;
    }

    AliasStore.AliasRow alias(Caller caller, String domainName, String localPartName) {
        String domain = existing(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        return store.alias(domain, localPart)
                .orElseThrow(() -> new UnknownAliasException(AccountNames.address(localPart, domain)));
    }

    Paging.Page<AliasStore.AliasRow> aliases(Caller caller, String domainName, Paging paging) {
        String domain = existing(Permissions.authorizedDomain(caller, domainName));
        return new Paging.Page<>(store.aliases(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                store.count(domain));
    }

    /** {@code bodyLocalPart}: null, or the path's own; an alias is never renamed. */
    AliasStore.AliasRow replaceTargets(Caller caller, String domainName, String localPartName, String bodyLocalPart,
            List<String> targets) {
        String domain = existing(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        if (bodyLocalPart != null && !AccountNames.normalize(bodyLocalPart).equals(localPart)) {
            throw new InvalidInputException("localPart", "must be the one in the path; an alias is not renamed");
        }
        AliasStore.AliasRow alias = new AliasStore.AliasRow(domain, localPart, Targets.of(targets, "targets", 1));
        AliasStore.AliasRow changed = store.update(alias,
                AuditEntry.of(caller, "alias.update", domain, alias.address(), alias.targets().size() + " targets"));
        publisher.wake();
        return changed;
    }

    void delete(Caller caller, String domainName, String localPartName) {
        String domain = existing(Permissions.authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        store.delete(domain, localPart, AuditEntry.of(caller, "alias.delete", domain, AccountNames.address(localPart, domain),
                null));
        publisher.wake();
    }

    private String existing(String domain) {
        if (!domains.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return domain;
    }
}
