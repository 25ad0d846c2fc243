package org.paperpath.account;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * account-service's operations on domains and mailboxes (logins are {@link Logins}). Every operation
 * takes its {@link Caller} and decides what it may reach: the operator everything, a domain admin
 * the mailboxes of its own domain (not the domain's limits, nor other domains: 403, decided before
 * looking anything up, so nothing is learnt of other domains), a mailbox user nothing here but its
 * own mailbox. Every change is audited in its own transaction. Passwords are hashed with Argon2id
 * before any transaction starts, so a slow hash never holds a database connection.
 */
final class Accounts {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private final AccountStore store;
    private final OutboxPublisher publisher;
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    Accounts(AccountStore store, OutboxPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    AccountStore.DomainRow createDomain(Caller caller, String name) {
        requireAdmin(caller);
        String domain = AccountNames.domain(name, "name");
        if (!store.insertDomain(domain, AuditEntry.of(caller, "domain.create", domain, domain, null))) {
            throw new AccountConflictException("name", "domain " + domain + " exists");
        }
        publisher.wake();
        return new AccountStore.DomainRow(domain, true, null, null);
    }

    AccountStore.DomainRow domain(Caller caller, String name) {
        String domain = authorizedDomain(caller, name);
        return store.domain(domain).orElseThrow(() -> new UnknownDomainException(domain));
    }

    /** All domains for the operator; a domain admin's own domain only. */
    Paging.Page<AccountStore.DomainRow> domains(Caller caller, Paging paging) {
        if (caller instanceof Caller.DomainAdmin admin) {
            List<AccountStore.DomainRow> own = paging.page() == 0 ? store.domain(admin.domain()).stream().toList() : List.of();
            return new Paging.Page<>(own, paging.page(), paging.size(), 1);
        }
        requireAdmin(caller);
        return new Paging.Page<>(store.domains(paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countDomains());
    }

    /** The operator's only: limits bind the domain's owner. */
    AccountStore.DomainRow updateDomain(Caller caller, String name, UnaryOperator<AccountStore.DomainRow> change, String detail) {
        requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        AccountStore.DomainRow changed = store.updateDomain(domain, change,
                AuditEntry.of(caller, "domain.update", domain, domain, detail));
        publisher.wake();
        return changed;
    }

    void deleteDomain(Caller caller, String name, boolean force) {
        requireAdmin(caller);
        String domain = AccountNames.domain(name, "domain");
        store.deleteDomain(domain, force, AuditEntry.of(caller, "domain.delete", domain, domain, force ? "force" : null));
        publisher.wake();
    }

    AccountStore.MailboxRow createMailbox(Caller caller, String domainName, String localPartName, String password,
            UnaryOperator<AccountStore.MailboxRow> initial) {
        String domain = authorizedDomain(caller, domainName);
        String localPart = AccountNames.normalize(localPartName);
        checkStrength(password, localPart);
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        String address = AccountNames.address(localPart, domain);
        store.insertMailbox(domain, localPart, encoder.encode(password), initial,
                AuditEntry.of(caller, "mailbox.create", domain, address, null));
        publisher.wake();
        return store.mailbox(domain, localPart).orElseThrow(() -> new UnknownMailboxException(address));
    }

    /** The normalised, existing domain a bulk import by {@code caller} goes to. */
    String importTarget(Caller caller, String domainName) {
        return existingDomain(authorizedDomain(caller, domainName));
    }

    /**
     * Creates one imported mailbox with a password or an imported hash (exactly one of them), unless
     * it exists: then nothing changes, so an import can be repeated.
     *
     * @return true if created, false if it existed
     */
    boolean importMailbox(Caller caller, String domain, String localPartName, String password, String importedHash,
            UnaryOperator<AccountStore.MailboxRow> initial) {
        String localPart = AccountNames.localPart(localPartName);
        if ((password == null) == (importedHash == null)) {
            throw new InvalidInputException("password", "give either password or passwordHash");
        }
        String hash;
        if (importedHash != null) {
            hash = LegacyPasswordHashes.parse(importedHash).orElseThrow(() -> new InvalidInputException("passwordHash",
                    "must be {CRYPT}, {MD5-CRYPT}, {SHA256-CRYPT}, {SHA512-CRYPT}, {BLF-CRYPT} or bcrypt"));
        } else {
            checkStrength(password, localPart);
            hash = encoder.encode(password);
        }
        String address = AccountNames.address(localPart, domain);
        try {
            store.insertMailbox(domain, localPart, hash, initial, AuditEntry.of(caller, "mailbox.import", domain, address,
                    importedHash != null ? "passwordHash" : null));
        } catch (AccountConflictException e) {
            if ("localPart".equals(e.field())) {
                return false;
            }
            throw e;
        }
        publisher.wake();
        return true;
    }

    AccountStore.MailboxRow mailbox(Caller caller, String domainName, String localPartName) {
        String domain = existingDomain(authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        return store.mailbox(domain, localPart)
                .orElseThrow(() -> new UnknownMailboxException(AccountNames.address(localPart, domain)));
    }

    Paging.Page<AccountStore.MailboxRow> mailboxes(Caller caller, String domainName, Paging paging) {
        String domain = existingDomain(authorizedDomain(caller, domainName));
        return new Paging.Page<>(store.mailboxes(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countMailboxes(domain));
    }

    AccountStore.MailboxRow updateMailbox(Caller caller, String domainName, String localPartName,
            UnaryOperator<AccountStore.MailboxRow> change, String detail) {
        String domain = existingDomain(authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        AccountStore.MailboxRow changed = store.updateMailbox(domain, localPart, change,
                AuditEntry.of(caller, "mailbox.update", domain, AccountNames.address(localPart, domain), detail));
        publisher.wake();
        return changed;
    }

    void setPassword(Caller caller, String domainName, String localPartName, String password) {
        String domain = existingDomain(authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        changePassword(caller, domain, localPart, password);
    }

    void deleteMailbox(Caller caller, String domainName, String localPartName) {
        String domain = existingDomain(authorizedDomain(caller, domainName));
        String localPart = AccountNames.localPart(localPartName);
        store.deleteMailbox(domain, localPart,
                AuditEntry.of(caller, "mailbox.delete", domain, AccountNames.address(localPart, domain), null));
        publisher.wake();
    }

    /** The mailbox user's own mailbox; nobody else has one. */
    AccountStore.MailboxRow me(Caller caller) {
        Caller.MailboxUser user = requireMailboxUser(caller);
        return store.mailbox(user.domain(), user.localPart())
                .orElseThrow(() -> new UnknownMailboxException(AccountNames.address(user.localPart(), user.domain())));
    }

    void setMyPassword(Caller caller, String password) {
        Caller.MailboxUser user = requireMailboxUser(caller);
        changePassword(caller, user.domain(), user.localPart(), password);
    }

    /**
     * The normalised domain of a request that {@code caller} may reach: the operator any, a domain
     * admin its own; everyone else is refused before the name is looked up.
     */
    static String authorizedDomain(Caller caller, String name) {
        if (caller instanceof Caller.MailboxUser) {
            throw new ForbiddenException("a mailbox user reaches /api/v1/me only");
        }
        String domain = AccountNames.domain(name, "domain");
        if (caller instanceof Caller.DomainAdmin admin && !admin.domain().equals(domain)) {
            throw new ForbiddenException("this token manages " + admin.domain() + " only");
        }
        return domain;
    }

    static void requireAdmin(Caller caller) {
        if (!(caller instanceof Caller.Admin)) {
            throw new ForbiddenException("only the operator (admin token) may do this");
        }
    }

    private static Caller.MailboxUser requireMailboxUser(Caller caller) {
        if (caller instanceof Caller.MailboxUser user) {
            return user;
        }
        throw new ForbiddenException("/api/v1/me is for mailbox users (HTTP Basic with address and password)");
    }

    private void changePassword(Caller caller, String domain, String localPart, String password) {
        checkStrength(password, localPart);
        store.setPasswordHash(domain, localPart, encoder.encode(password),
                AuditEntry.of(caller, "mailbox.password", domain, AccountNames.address(localPart, domain), null));
    }

    private String existingDomain(String domain) {
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return domain;
    }

    /** Length is checked at the edge; this refuses what a guesser tries first. */
    private static void checkStrength(String password, String localPart) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new InvalidInputException("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if ((localPart.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(localPart))
                || password.chars().distinct().count() < 4) {
            throw new InvalidInputException("password", "is too weak: it contains the mailbox name or repeats few characters");
        }
    }
}
