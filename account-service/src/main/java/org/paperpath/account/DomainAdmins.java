package org.paperpath.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Domain owners: the operator issues each a bearer token that reaches one domain. A token is 256
 * random bits shown once at creation; only its SHA-256 is stored, which is enough for a secret of
 * that entropy (nothing to brute-force) and makes the lookup one index probe.
 */
final class DomainAdmins {

    /** Marks our tokens in logs and secret scanners; carries no information. */
    static final String TOKEN_PREFIX = "ppda_";
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    /** The admin as created: the only time its token is seen. */
    record Issued(DomainAdminStore.AdminRow admin, String token) {
        @Override
        public String toString() {
            return "Issued[admin=" + admin + "]";
        }
    }

    private final DomainAdminStore store;
    private final SecureRandom random = new SecureRandom();

    DomainAdmins(DomainAdminStore store) {
        this.store = store;
    }

    Issued create(Caller caller, String domainName, String name) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(domainName, "domain");
        String adminName = checkedName(name);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        DomainAdminStore.AdminRow row = store.insert(domain, adminName, digest(token),
                AuditEntry.of(caller, "admin.create", domain, adminName, null));
        return new Issued(row, token);
    }

    /** @throws UnknownDomainException if the domain does not exist */
    Paging.Page<DomainAdminStore.AdminRow> list(Caller caller, String domainName, Paging paging) {
        String domain = Permissions.authorizedDomain(caller, domainName);
        if (!store.domainExists(domain)) {
            throw new UnknownDomainException(domain);
        }
        return new Paging.Page<>(store.list(domain, paging.offset(), paging.size()), paging.page(), paging.size(),
                store.count(domain));
    }

    /** @throws UnknownAdminException if the domain has no admin of that name */
    void revoke(Caller caller, String domainName, String name) {
        Permissions.requireAdmin(caller);
        String domain = AccountNames.domain(domainName, "domain");
        String adminName = checkedName(name);
        if (!store.delete(domain, adminName, AuditEntry.of(caller, "admin.revoke", domain, adminName, null))) {
            throw new UnknownAdminException(adminName + " of " + domain);
        }
    }

    /** The domain admin holding {@code token}, if any. */
    Optional<Caller.DomainAdmin> resolve(String token, String remoteAddress) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return store.byTokenDigest(digest(token)).map(row -> new Caller.DomainAdmin(row.domain(), row.name(), remoteAddress));
    }

    private static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return name;
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
