package org.paperpath.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * account-service's operations on domains and mailboxes, and credential checks. Every operation
 * takes its {@link Caller} and decides what it may reach: the operator everything, a domain admin
 * the mailboxes of its own domain (not the domain's limits, nor other domains: 403, decided before
 * looking anything up, so nothing is learnt of other domains), a mailbox user nothing here but its
 * own mailbox. Every change is audited in its own transaction. Passwords are hashed with Argon2id
 * before any transaction starts, so a slow hash never holds a database connection.
 */
final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    static final String THROTTLED = "throttled";

    private final AccountStore store;
    private final OutboxPublisher publisher;
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Verified against when the user does not exist, so a miss costs as long as a wrong password. */
    private final String decoyHash = encoder.encode("paperpath decoy password");
    private final Counter authenticated;
    private final Counter rejected;
    private final Counter throttledCount;
    private final FailureThrottle throttle;

    Accounts(AccountStore store, OutboxPublisher publisher, FailureThrottle throttle, MeterRegistry meters) {
        this.store = store;
        this.publisher = publisher;
        this.throttle = throttle;
        this.authenticated = meters.counter("paperpath.account.authentications", "result", "authenticated");
        this.rejected = meters.counter("paperpath.account.authentications", "result", "rejected");
        this.throttledCount = meters.counter("paperpath.account.authentications", "result", "throttled");
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

    /** Checks {@code local@domain} (any case), its password and its access to {@code service}, for gateways. */
    Authentication authenticate(String username, String password, String service, String remoteIp) {
        Authentication result = throttled(username, remoteIp, () -> check(username, password, access -> access.allows(service)));
        if (result instanceof Authentication.Rejected rejection) {
            (rejection.reason().equals(THROTTLED) ? throttledCount : rejected).increment();
            log.info("authentication rejected: service={} remoteIp={} reason={}", service, remoteIp, rejection.reason());
        } else {
            authenticated.increment();
        }
        return result;
    }

    /** Checks a mailbox user's own credentials for self-service; no per-service access applies. */
    Authentication authenticateSelf(String username, String password, String remoteAddress) {
        return throttled(username, remoteAddress, () -> check(username, password, access -> true));
    }

    /** Runs {@code check} unless the account or address is throttled; records what it answered. */
    private Authentication throttled(String username, String remoteIp, Supplier<Authentication> check) {
        String userKey = "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
        String[] keys = remoteIp == null || remoteIp.isBlank() ? new String[] {userKey} : new String[] {userKey, "ip:" + remoteIp};
        if (throttle.throttled(keys)) {
            return new Authentication.Rejected(THROTTLED, false);
        }
        Authentication result = check.get();
        if (result instanceof Authentication.Rejected rejection) {
            if (rejection.guess()) {
                throttle.failed(keys);
            }
        } else {
            throttle.succeeded(keys);
        }
        return result;
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

    private Authentication check(String username, String password, Predicate<ServiceAccess> accessAllowed) {
        if (username == null || password == null || password.isEmpty()) {
            return new Authentication.Rejected("missing credentials", true);
        }
        String user = username.trim().toLowerCase(Locale.ROOT);
        int at = user.lastIndexOf('@');
        Optional<AccountStore.Credentials> credentials = Optional.empty();
        if (at > 0 && at < user.length() - 1 && user.length() <= AccountNames.MAX_LOCAL_PART + 1 + AccountNames.MAX_DOMAIN) {
            credentials = store.credentials(user.substring(at + 1), user.substring(0, at));
        }
        if (credentials.isEmpty()) {
            encoder.matches(password, decoyHash);
            return new Authentication.Rejected("unknown user", true);
        }
        AccountStore.Credentials found = credentials.get();
        boolean legacy = LegacyPasswordHashes.isLegacy(found.passwordHash());
        if (legacy ? !LegacyPasswordHashes.matches(password, found.passwordHash())
                : !encoder.matches(password, found.passwordHash())) {
            return new Authentication.Rejected("wrong password", true);
        }
        if (!found.active()) {
            return new Authentication.Rejected("disabled", false);
        }
        if (found.expiresAt() != null && !found.expiresAt().isAfter(Instant.now())) {
            return new Authentication.Rejected("expired", false);
        }
        if (!accessAllowed.test(found.access())) {
            return new Authentication.Rejected("no access to this service", false);
        }
        if (legacy) {
            String address = AccountNames.address(found.localPart(), found.domain());
            store.upgradePasswordHash(found.domain(), found.localPart(), found.passwordHash(), encoder.encode(password),
                    new AuditEntry(null, null, "system", null, "mailbox.password-upgrade", found.domain(), address, null));
        }
        return new Authentication.Authenticated(
                AccountNames.address(found.localPart(), found.domain()), found.domain(), found.localPart());
    }
}
