package org.paperpath.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * account-service's operations: domains and mailboxes, check credentials. Names
 * arrive validated (see {@link AccountNames}) and are lower-cased here; passwords are hashed with
 * Argon2id before any transaction starts, so a slow hash never holds a database connection.
 */
final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private final AccountStore store;
    private final OutboxPublisher publisher;
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Verified against when the user does not exist, so a miss costs as long as a wrong password. */
    private final String decoyHash = encoder.encode("paperpath decoy password");
    private final Counter authenticated;
    private final Counter rejected;

    Accounts(AccountStore store, OutboxPublisher publisher, MeterRegistry meters) {
        this.store = store;
        this.publisher = publisher;
        this.authenticated = meters.counter("paperpath.account.authentications", "result", "authenticated");
        this.rejected = meters.counter("paperpath.account.authentications", "result", "rejected");
    }

    AccountStore.DomainRow createDomain(String name) {
        String domain = AccountNames.domain(name, "name");
        if (!store.insertDomain(domain)) {
            throw new AccountConflictException("name", "domain " + domain + " exists");
        }
        publisher.wake();
        return new AccountStore.DomainRow(domain, true, null, null);
    }

    AccountStore.DomainRow domain(String name) {
        String domain = AccountNames.domain(name, "domain");
        return store.domain(domain).orElseThrow(() -> new UnknownDomainException(domain));
    }

    Paging.Page<AccountStore.DomainRow> domains(Paging paging) {
        return new Paging.Page<>(store.domains(paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countDomains());
    }

    AccountStore.DomainRow updateDomain(String name, UnaryOperator<AccountStore.DomainRow> change) {
        AccountStore.DomainRow changed = store.updateDomain(AccountNames.domain(name, "domain"), change);
        publisher.wake();
        return changed;
    }

    void deleteDomain(String name, boolean force) {
        store.deleteDomain(AccountNames.domain(name, "domain"), force);
        publisher.wake();
    }

    AccountStore.MailboxRow createMailbox(String domainName, String localPartName, String password) {
        String domain = AccountNames.domain(domainName, "domain");
        String localPart = AccountNames.normalize(localPartName);
        checkStrength(password, localPart);
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        store.insertMailbox(domain, localPart, encoder.encode(password));
        publisher.wake();
        return store.mailbox(domain, localPart).orElseThrow(() -> new UnknownMailboxException(localPart + "@" + domain));
    }

    AccountStore.MailboxRow mailbox(String domainName, String localPartName) {
        String domain = existingDomain(domainName);
        String localPart = AccountNames.localPart(localPartName);
        return store.mailbox(domain, localPart)
                .orElseThrow(() -> new UnknownMailboxException(AccountNames.address(localPart, domain)));
    }

    Paging.Page<AccountStore.MailboxRow> mailboxes(String domainName, Paging paging) {
        String domain = existingDomain(domainName);
        return new Paging.Page<>(store.mailboxes(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                store.countMailboxes(domain));
    }

    AccountStore.MailboxRow updateMailbox(String domainName, String localPartName, UnaryOperator<AccountStore.MailboxRow> change) {
        String domain = existingDomain(domainName);
        AccountStore.MailboxRow changed = store.updateMailbox(domain, AccountNames.localPart(localPartName), change);
        publisher.wake();
        return changed;
    }

    void setPassword(String domainName, String localPartName, String password) {
        String domain = existingDomain(domainName);
        String localPart = AccountNames.localPart(localPartName);
        checkStrength(password, localPart);
        store.setPasswordHash(domain, localPart, encoder.encode(password));
    }

    void deleteMailbox(String domainName, String localPartName) {
        String domain = existingDomain(domainName);
        store.deleteMailbox(domain, AccountNames.localPart(localPartName));
        publisher.wake();
    }

    private String existingDomain(String name) {
        String domain = AccountNames.domain(name, "domain");
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
        if ((localPart.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(localPart)) || password.chars().distinct().count() < 4) {
            throw new InvalidInputException("password", "is too weak: it contains the mailbox name or repeats few characters");
        }
    }

    /** Checks {@code local@domain} (any case) and its password. */
    Authentication authenticate(String username, String password, String service, String remoteIp) {
        Authentication result = check(username, password, service);
        if (result instanceof Authentication.Rejected rejection) {
            rejected.increment();
            log.info("authentication rejected: service={} remoteIp={} reason={}", service, remoteIp, rejection.reason());
        } else {
            authenticated.increment();
        }
        return result;
    }

    private Authentication check(String username, String password, String service) {
        if (username == null || password == null || password.isEmpty()) {
            return new Authentication.Rejected("missing credentials");
        }
        String user = username.trim().toLowerCase(Locale.ROOT);
        int at = user.lastIndexOf('@');
        Optional<AccountStore.Credentials> credentials = Optional.empty();
        if (at > 0 && at < user.length() - 1 && user.length() <= AccountNames.MAX_LOCAL_PART + 1 + AccountNames.MAX_DOMAIN) {
            credentials = store.credentials(user.substring(at + 1), user.substring(0, at));
        }
        if (credentials.isEmpty()) {
            encoder.matches(password, decoyHash);
            return new Authentication.Rejected("unknown user");
        }
        AccountStore.Credentials found = credentials.get();
        if (!encoder.matches(password, found.passwordHash())) {
            return new Authentication.Rejected("wrong password");
        }
        if (!found.active()) {
            return new Authentication.Rejected("disabled");
        }
        if (found.expiresAt() != null && !found.expiresAt().isAfter(Instant.now())) {
            return new Authentication.Rejected("expired");
        }
        if (!found.access().allows(service)) {
            return new Authentication.Rejected("no access to service " + service);
        }
        return new Authentication.Authenticated(
                AccountNames.address(found.localPart(), found.domain()), found.domain(), found.localPart());
    }
}
