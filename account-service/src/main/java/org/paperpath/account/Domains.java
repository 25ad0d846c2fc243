package org.paperpath.account;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * account-service's operations on domains: creation, settings, catch-all, alias domains, deletion.
 * The operator does everything; a domain admin reads its own domain and sets its catch-all (where
 * its own mail goes), but neither changes limits nor adds names to receive mail for. Each change is
 * one transaction with its audit entry and directory events; the publisher is woken after commit.
 */
final class Domains {

    private final DomainStore store;
    private final AliasDomainStore aliasDomains;
    private final OutboxPublisher publisher;

    Domains(DomainStore store, AliasDomainStore aliasDomains, OutboxPublisher publisher) {
        this.store = store;
        this.aliasDomains = aliasDomains;
        this.publisher = publisher;
    }

    /** A new domain with these settings (null limits: none); 409 naming {@code name} if it exists. */
    DomainStore.DomainRow createDomain(Caller caller, String name, boolean enabled, Long defaultQuotaBytes,
            Integer maxMailboxes) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(name, "name");
        DomainStore.DomainRow row = new DomainStore.DomainRow(domain, enabled, defaultQuotaBytes, maxMailboxes, null, List.of());
        if (!store.insertDomain(row, AuditEntry.of(caller, "domain.create", domain, domain, null))) {
            throw new AccountConflictException("name", "domain " + domain + " exists");
        }
        publisher.wake();
        return row;
    }

    DomainStore.DomainRow domain(Caller caller, String name) {
        String domain = Permissions.authorizedDomain(caller, name);
        return store.domain(domain).orElseThrow(() -> new UnknownDomainException(domain));
    }

    /** All domains for the operator; a domain admin's own domain only. */
    Paging.Page<DomainStore.DomainRow> domains(Caller caller, Paging paging) {
        if (caller instanceof Caller.DomainAdmin admin) {
            List<DomainStore.DomainRow> own = paging.page() == 0 ? store.domain(admin.domain()).stream().toList() : List.of();
            return new Paging.Page<>(own, paging.page(), paging.size(), 1);
        }
        Permissions.requireAdmin(caller);
        return new Paging.Page<>(store.domains(paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countDomains());
    }

    /** The operator's only: limits bind the domain's owner. */
    DomainStore.DomainRow updateDomain(Caller caller, String name, UnaryOperator<DomainStore.DomainRow> change, String detail) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        DomainStore.DomainRow changed = store.updateDomain(domain, change,
                AuditEntry.of(caller, "domain.update", domain, domain, detail));
        publisher.wake();
        return changed;
    }

    void deleteDomain(Caller caller, String name, boolean force) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        store.deleteDomain(domain, force, AuditEntry.of(caller, "domain.delete", domain, domain, force ? "force" : null));
        publisher.wake();
    }

    /** Sets the catch-all to {@code target}, or clears it when {@code target} is null. */
    DomainStore.DomainRow setCatchAll(Caller caller, String name, String target) {
        String domain = Permissions.authorizedDomain(caller, name);
        String normalised = target == null ? null : Targets.one(target, "target");
        DomainStore.DomainRow changed = store.setCatchAll(domain, normalised,
                AuditEntry.of(caller, normalised == null ? "domain.catch-all.clear" : "domain.catch-all.set", domain, domain,
                        normalised));
        publisher.wake();
        return changed;
    }

    /** The operator's only, as creating a domain is: an alias domain receives mail too. */
    String addAliasDomain(Caller caller, String name, String aliasName) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        String alias = AccountNames.domain(aliasName, "name");
        aliasDomains.insert(domain, alias, AuditEntry.of(caller, "domain.alias-domain.add", domain, alias, null));
        publisher.wake();
        return alias;
    }

    Paging.Page<String> aliasDomains(Caller caller, String name, Paging paging) {
        String domain = existing(Permissions.authorizedDomain(caller, name));
        return new Paging.Page<>(aliasDomains.list(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                aliasDomains.count(domain));
    }

    /** @throws UnknownAliasDomainException if {@code aliasName} is no alias domain of this domain */
    String aliasDomain(Caller caller, String name, String aliasName) {
        String domain = existing(Permissions.authorizedDomain(caller, name));
        String alias = AccountNames.domain(aliasName, "alias");
        if (!aliasDomains.exists(domain, alias)) {
            throw new UnknownAliasDomainException(alias + " of " + domain);
        }
        return alias;
    }

    void deleteAliasDomain(Caller caller, String name, String aliasName) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        String alias = AccountNames.domain(aliasName, "alias");
        aliasDomains.delete(domain, alias, AuditEntry.of(caller, "domain.alias-domain.remove", domain, alias, null));
        publisher.wake();
    }

    private String existing(String domain) {
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return domain;
    }
}
