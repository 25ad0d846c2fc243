package org.paperpath.account;

import java.util.List;

/** Reads the audit trail that every change writes in its own transaction ({@link AuditEntry#insert}). */
final class AuditStore {

    private final AccountDatabase store;

    AuditStore(AccountDatabase store) {
        this.store = store;
    }

    /** The audit trail, newest first; {@code domain} null for all of it. */
    List<AuditEntry> audit(String domain, long offset, int limit) {
        return store.jdbc().sql("""
                SELECT id, at, actor, remote_address, action, domain, target, detail FROM audit
                WHERE (CAST(:domain AS text) IS NULL OR domain = :domain) ORDER BY id DESC OFFSET :offset LIMIT :limit""")
                .param("domain", domain).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("remote_address"), rs.getString("action"), rs.getString("domain"),
                        rs.getString("target"), rs.getString("detail")))
                .list();
    }

    long countAudit(String domain) {
        return store.jdbc().sql("SELECT count(*) FROM audit WHERE (CAST(:domain AS text) IS NULL OR domain = :domain)")
                .param("domain", domain).query(Long.class).single();
    }
}
