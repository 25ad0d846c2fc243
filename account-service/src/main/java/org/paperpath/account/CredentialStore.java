package org.paperpath.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Mailbox password hashes: the only store that reads or writes them, so no other query can leak one
 * into a response or an event. A password change publishes nothing: the directory holds no secrets.
 */
final class CredentialStore {

    /**
     * What authentication needs; {@code active} is mailbox and domain both enabled; {@code id} the
     * mailbox's incarnation id.
     */
    record Credentials(String domain, String localPart, String passwordHash, boolean active, Instant expiresAt,
            ServiceAccess access, String id) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    CredentialStore(AccountDatabase database) {
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
    }

    Optional<Credentials> credentials(String domain, String localPart) {
        return jdbc.sql("""
                SELECT m.domain, m.local_part, m.password_hash, (m.enabled AND d.enabled) AS active, m.expires_at,
                       m.imap_access, m.pop3_access, m.smtp_access, m.id
                FROM mailbox m JOIN domain d ON d.name = m.domain
                WHERE m.domain = :domain AND m.local_part = :localPart""")
                .param("domain", domain)
                .param("localPart", localPart)
                .query((rs, n) -> new Credentials(rs.getString("domain"), rs.getString("local_part"),
                        rs.getString("password_hash"), rs.getBoolean("active"), AccountDatabase.instant(rs, "expires_at"),
                        access(rs), rs.getString("id")))
                .optional();
    }

    /** @throws UnknownMailboxException if it does not exist */
    void setPasswordHash(String domain, String localPart, String passwordHash, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("UPDATE mailbox SET password_hash = :hash WHERE domain = :domain AND local_part = :localPart")
                    .param("hash", passwordHash).param("domain", domain).param("localPart", localPart)
                    .update();
            if (rows == 0) {
                throw new UnknownMailboxException(AccountNames.address(localPart, domain));
            }
            audit.insert(jdbc);
        });
    }

    /** Replaces an imported legacy hash by the current scheme's, unless the password changed meanwhile. */
    void upgradePasswordHash(String domain, String localPart, String legacyHash, String passwordHash, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("""
                    UPDATE mailbox SET password_hash = :hash
                    WHERE domain = :domain AND local_part = :localPart AND password_hash = :legacy""")
                    .param("hash", passwordHash).param("domain", domain).param("localPart", localPart)
                    .param("legacy", legacyHash)
                    .update();
            if (rows > 0) {
                audit.insert(jdbc);
            }
        });
    }

    static ServiceAccess access(ResultSet rs) throws SQLException {
        return new ServiceAccess(rs.getBoolean("imap_access"), rs.getBoolean("pop3_access"), rs.getBoolean("smtp_access"));
    }
}
