package org.paperpath.account;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One change for the audit trail: who ({@code actor}, {@code remoteAddress}), what ({@code action}
 * on {@code target} in {@code domain}, with {@code detail} such as the changed field names), and,
 * once stored, when. Never holds a secret.
 */
record AuditEntry(Long id, Instant at, String actor, String remoteAddress, String action, String domain, String target,
        String detail) {

    static AuditEntry of(Caller caller, String action, String domain, String target, String detail) {
        return new AuditEntry(null, null, caller.describe(), caller.remoteAddress(), action, domain, target, detail);
    }

    /** Writes this entry; called inside the transaction of the change it records. */
    void insert(JdbcClient jdbc) {
        jdbc.sql("""
                INSERT INTO audit (actor, remote_address, action, domain, target, detail)
                VALUES (:actor, :remote, :action, :domain, :target, :detail)""")
                .param("actor", actor)
                .param("remote", remoteAddress)
                .param("action", action)
                .param("domain", domain)
                .param("target", target)
                .param("detail", detail)
                .update();
    }
}
