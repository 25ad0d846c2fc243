package org.paperpath.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;

/** Domain owners' tokens, stored as SHA-256 digests (see the V3 migration). */
final class DomainAdminStore {

    record AdminRow(String domain, String name, Instant createdAt) {
    }

    private final AccountDatabase store;

    DomainAdminStore(AccountDatabase store) {
        this.store = store;
    }

    /**
     * @throws UnknownDomainException if the domain does not exist
     * @throws AccountConflictException if the domain has an admin of this name
     */
    AdminRow insert(String domain, String name, byte[] tokenDigest, AuditEntry audit) {
        return store.transactions().execute(status -> {
            store.jdbc().sql("SELECT name FROM domain WHERE name = :domain FOR SHARE")
                    .param("domain", domain).query(String.class).optional()
                    .orElseThrow(() -> new UnknownDomainException(domain));
            try {
                AdminRow row = store.jdbc().sql("""
                        INSERT INTO domain_admin (domain, name, token_sha256) VALUES (:domain, :name, :digest)
                        RETURNING domain, name, created_at""")
                        .param("domain", domain).param("name", name).param("digest", tokenDigest)
                        .query((rs, n) -> new AdminRow(rs.getString("domain"), rs.getString("name"),
                                rs.getTimestamp("created_at").toInstant()))
                        .single();
                audit.insert(store.jdbc());
                return row;
            } catch (DuplicateKeyException e) {
                throw new AccountConflictException("name", "domain " + domain + " has an admin named " + name);
            }
        });
    }

    List<AdminRow> list(String domain, long offset, int limit) {
        return store.jdbc().sql("""
                SELECT domain, name, created_at FROM domain_admin WHERE domain = :domain ORDER BY name
                OFFSET :offset LIMIT :limit""")
                .param("domain", domain).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new AdminRow(rs.getString("domain"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    long count(String domain) {
        return store.jdbc().sql("SELECT count(*) FROM domain_admin WHERE domain = :domain")
                .param("domain", domain).query(Long.class).single();
    }

    boolean domainExists(String domain) {
        return store.jdbc().sql("SELECT count(*) FROM domain WHERE name = :domain")
                .param("domain", domain).query(Long.class).single() > 0;
    }

    /** @return false if there was no such admin */
    boolean delete(String domain, String name, AuditEntry audit) {
        Boolean deleted = store.transactions().execute(status -> {
            int rows = store.jdbc().sql("DELETE FROM domain_admin WHERE domain = :domain AND name = :name")
                    .param("domain", domain).param("name", name).update();
            if (rows > 0) {
                audit.insert(store.jdbc());
            }
            return rows > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }

    /** The admin whose token has this digest, if any. */
    Optional<AdminRow> byTokenDigest(byte[] tokenDigest) {
        return store.jdbc().sql("SELECT domain, name, created_at FROM domain_admin WHERE token_sha256 = :digest")
                .param("digest", tokenDigest)
                .query((rs, n) -> new AdminRow(rs.getString("domain"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }
}
