package org.paperpath.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * account-service's operations: create and list domains and mailboxes, check credentials. Names
 * arrive validated (see {@link AccountNames}) and are lower-cased here; passwords are hashed with
 * Argon2id before any transaction starts, so a slow hash never holds a database connection.
 */
final class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

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
        String domain = AccountNames.normalize(name);
        if (!store.insertDomain(domain)) {
            throw new AccountConflictException("name", "domain " + domain + " exists");
        }
        publisher.wake();
        return new AccountStore.DomainRow(domain, true);
    }

    AccountStore.MailboxRow createMailbox(String domainName, String localPartName, String password) {
        String domain = AccountNames.normalize(domainName);
        String localPart = AccountNames.normalize(localPartName);
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        store.insertMailbox(domain, localPart, encoder.encode(password));
        publisher.wake();
        return new AccountStore.MailboxRow(domain, localPart, true);
    }

    List<AccountStore.DomainRow> domains() {
        return store.domains();
    }

    List<AccountStore.MailboxRow> mailboxes(String domainName) {
        String domain = AccountNames.normalize(domainName);
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return store.mailboxes(domain);
    }

    /** Checks {@code local@domain} (any case) and its password. */
    Authentication authenticate(String username, String password, String service, String remoteIp) {
        Authentication result = check(username, password);
        if (result instanceof Authentication.Rejected rejection) {
            rejected.increment();
            log.info("authentication rejected: service={} remoteIp={} reason={}", service, remoteIp, rejection.reason());
        } else {
            authenticated.increment();
        }
        return result;
    }

    private Authentication check(String username, String password) {
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
        return new Authentication.Authenticated(
                AccountNames.address(found.localPart(), found.domain()), found.domain(), found.localPart());
    }
}
