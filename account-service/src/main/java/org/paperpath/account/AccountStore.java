package org.paperpath.account;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Domains and mailboxes in PostgreSQL. Every change writes its directory event to
 * {@code directory_outbox} in the same transaction, so the directory topic never misses a
 * committed change and never sees an uncommitted one. A deletion writes a tombstone (NULL payload).
 *
 * <p>It keeps its own transaction manager over the shared DataSource rather than declaring one as
 * a bean: standalone runs seven services in one context and must not end up with two.
 */
final class AccountStore {

    /** A domain; null limits mean none. */
    record DomainRow(String name, boolean enabled, Long defaultQuotaBytes, Integer maxMailboxes) {
    }

    /** A mailbox without its secret; null limits mean none. */
    record MailboxRow(String domain, String localPart, boolean enabled, String displayName, Long quotaBytes,
            Long softQuotaBytes, Long maxMessages, Long maxMessageBytes, Instant expiresAt, ServiceAccess access) {

        /** This row if its limits agree with each other (vmailmgr's soft quota lies within the hard one). */
        MailboxRow checked() {
            if (softQuotaBytes != null && quotaBytes != null && softQuotaBytes > quotaBytes) {
                throw new InvalidInputException("softQuotaBytes", "must not exceed quotaBytes");
            }
            return this;
        }
    }

    /** What authentication needs; {@code active} is mailbox and domain both enabled. */
    record Credentials(String domain, String localPart, String passwordHash, boolean active, Instant expiresAt,
            ServiceAccess access) {
    }

    private static final String DOMAIN_COLUMNS = "name, enabled, default_quota_bytes, max_mailboxes";
    private static final String MAILBOX_COLUMNS = "domain, local_part, enabled, display_name, quota_bytes, soft_quota_bytes,"
            + " max_messages, max_message_bytes, expires_at, imap_access, pop3_access, smtp_access";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    AccountStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    TransactionTemplate transactions() {
        return transactions;
    }

    /** Inserts an enabled domain; false if it exists already (nothing is written then). */
    boolean insertDomain(String name, AuditEntry audit) {
        Boolean inserted = transactions.execute(status -> {
            int rows = jdbc.sql("INSERT INTO domain (name, enabled) VALUES (:name, true) ON CONFLICT (name) DO NOTHING")
                    .param("name", name)
                    .update();
            if (rows == 0) {
                return false;
            }
            enqueue(new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, name, true));
            audit.insert(jdbc);
            return true;
        });
        return Boolean.TRUE.equals(inserted);
    }

    Optional<DomainRow> domain(String name) {
        return jdbc.sql("SELECT " + DOMAIN_COLUMNS + " FROM domain WHERE name = :name")
                .param("name", name).query(AccountStore::domainRow).optional();
    }

    boolean domainExists(String name) {
        return jdbc.sql("SELECT count(*) FROM domain WHERE name = :name").param("name", name).query(Long.class).single() > 0;
    }

    List<DomainRow> domains(long offset, int limit) {
        return jdbc.sql("SELECT " + DOMAIN_COLUMNS + " FROM domain ORDER BY name OFFSET :offset LIMIT :limit")
                .param("offset", offset).param("limit", limit)
                .query(AccountStore::domainRow).list();
    }

    long countDomains() {
        return jdbc.sql("SELECT count(*) FROM domain").query(Long.class).single();
    }

    /**
     * Changes a domain under a row lock; publishes it.
     *
     * @throws UnknownDomainException if it does not exist
     */
    DomainRow updateDomain(String name, UnaryOperator<DomainRow> change, AuditEntry audit) {
        return transactions.execute(status -> {
            DomainRow current = jdbc.sql("SELECT " + DOMAIN_COLUMNS + " FROM domain WHERE name = :name FOR UPDATE")
                    .param("name", name).query(AccountStore::domainRow).optional()
                    .orElseThrow(() -> new UnknownDomainException(name));
            DomainRow changed = change.apply(current);
            jdbc.sql("""
                    UPDATE domain SET enabled = :enabled, default_quota_bytes = :quota, max_mailboxes = :max
                    WHERE name = :name""")
                    .param("enabled", changed.enabled())
                    .param("quota", changed.defaultQuotaBytes())
                    .param("max", changed.maxMailboxes())
                    .param("name", name)
                    .update();
            enqueue(new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, name, changed.enabled()));
            audit.insert(jdbc);
            return changed;
        });
    }

    /**
     * Deletes a domain and, with {@code force}, its mailboxes; publishes a tombstone for each.
     *
     * @throws UnknownDomainException if it does not exist
     * @throws AccountConflictException if it has mailboxes and {@code force} is false
     */
    void deleteDomain(String name, boolean force, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            // FOR UPDATE: no mailbox can be created in it (insertMailbox locks it FOR UPDATE too) meanwhile.
            jdbc.sql("SELECT name FROM domain WHERE name = :name FOR UPDATE")
                    .param("name", name).query(String.class).optional()
                    .orElseThrow(() -> new UnknownDomainException(name));
            List<String> localParts = jdbc.sql("SELECT local_part FROM mailbox WHERE domain = :name ORDER BY local_part")
                    .param("name", name).query(String.class).list();
            if (!localParts.isEmpty() && !force) {
                throw new AccountConflictException("force", "domain " + name + " has " + localParts.size()
                        + " mailboxes; delete them first or pass force=true");
            }
            jdbc.sql("DELETE FROM mailbox WHERE domain = :name").param("name", name).update();
            jdbc.sql("DELETE FROM domain WHERE name = :name").param("name", name).update();
            for (String localPart : localParts) {
                enqueueTombstone(DirectoryEvent.mailboxKey(AccountNames.address(localPart, name)));
            }
            enqueueTombstone(DirectoryEvent.domainKey(name));
            audit.insert(jdbc);
        });
    }

    /** Inserts an enabled mailbox with the domain's default quota; see the five-argument form. */
    void insertMailbox(String domain, String localPart, String passwordHash, AuditEntry audit) {
        insertMailbox(domain, localPart, passwordHash, UnaryOperator.identity(), audit);
    }

    /**
     * Inserts a mailbox: {@code initial} changes the default settings (enabled, the domain's default
     * quota, every service).
     *
     * @throws UnknownDomainException if the domain does not exist
     * @throws AccountConflictException if the mailbox exists or the domain has its maximum of mailboxes
     * @throws InvalidInputException if the settings contradict each other
     */
    void insertMailbox(String domain, String localPart, String passwordHash, UnaryOperator<MailboxRow> initial,
            AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            // FOR UPDATE: the domain cannot vanish, and concurrent creations cannot both pass the limit.
            DomainRow row = jdbc.sql("SELECT " + DOMAIN_COLUMNS + " FROM domain WHERE name = :name FOR UPDATE")
                    .param("name", domain).query(AccountStore::domainRow).optional()
                    .orElseThrow(() -> new UnknownDomainException(domain));
            if (row.maxMailboxes() != null && countMailboxes(domain) >= row.maxMailboxes()) {
                throw new AccountConflictException("maxMailboxes",
                        "domain " + domain + " has its maximum of " + row.maxMailboxes() + " mailboxes");
            }
            MailboxRow mailbox = initial.apply(new MailboxRow(domain, localPart, true, null, row.defaultQuotaBytes(), null, null,
                    null, null, ServiceAccess.ALL)).checked();
            int rows = jdbc.sql("""
                    INSERT INTO mailbox (domain, local_part, password_hash, enabled, display_name, quota_bytes,
                        soft_quota_bytes, max_messages, max_message_bytes, expires_at, imap_access, pop3_access, smtp_access)
                    VALUES (:domain, :localPart, :hash, :enabled, :displayName, :quota, :softQuota, :maxMessages,
                        :maxMessageBytes, :expiresAt, :imap, :pop3, :smtp)
                    ON CONFLICT (domain, local_part) DO NOTHING""")
                    .param("domain", domain)
                    .param("localPart", localPart)
                    .param("hash", passwordHash)
                    .param("enabled", mailbox.enabled())
                    .param("displayName", mailbox.displayName())
                    .param("quota", mailbox.quotaBytes())
                    .param("softQuota", mailbox.softQuotaBytes())
                    .param("maxMessages", mailbox.maxMessages())
                    .param("maxMessageBytes", mailbox.maxMessageBytes())
                    .param("expiresAt", mailbox.expiresAt() == null ? null : Timestamp.from(mailbox.expiresAt()))
                    .param("imap", mailbox.access().imap())
                    .param("pop3", mailbox.access().pop3())
                    .param("smtp", mailbox.access().smtp())
                    .update();
            if (rows == 0) {
                throw new AccountConflictException("localPart", "mailbox " + AccountNames.address(localPart, domain) + " exists");
            }
            enqueue(mailboxEvent(AccountNames.address(localPart, domain), mailbox));
            audit.insert(jdbc);
        });
    }

    /** The directory's view of a mailbox row: no secrets, the limits delivery enforces. */
    private static DirectoryEvent.MailboxUpserted mailboxEvent(String address, MailboxRow row) {
        return new DirectoryEvent.MailboxUpserted(DirectoryEvent.VERSION, address, row.domain(), row.localPart(),
                row.enabled(), row.quotaBytes(), row.softQuotaBytes(), row.maxMessages(), row.maxMessageBytes());
    }

    Optional<MailboxRow> mailbox(String domain, String localPart) {
        return jdbc.sql("SELECT " + MAILBOX_COLUMNS + " FROM mailbox WHERE domain = :domain AND local_part = :localPart")
                .param("domain", domain).param("localPart", localPart)
                .query(AccountStore::mailboxRow).optional();
    }

    List<MailboxRow> mailboxes(String domain, long offset, int limit) {
        return jdbc.sql("SELECT " + MAILBOX_COLUMNS + " FROM mailbox WHERE domain = :domain ORDER BY local_part"
                        + " OFFSET :offset LIMIT :limit")
                .param("domain", domain).param("offset", offset).param("limit", limit)
                .query(AccountStore::mailboxRow).list();
    }

    long countMailboxes(String domain) {
        return jdbc.sql("SELECT count(*) FROM mailbox WHERE domain = :domain").param("domain", domain).query(Long.class).single();
    }

    /**
     * Changes a mailbox's settings under a row lock; publishes it.
     *
     * @throws UnknownMailboxException if it does not exist
     */
    MailboxRow updateMailbox(String domain, String localPart, UnaryOperator<MailboxRow> change, AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        return transactions.execute(status -> {
            MailboxRow current = jdbc.sql("SELECT " + MAILBOX_COLUMNS
                            + " FROM mailbox WHERE domain = :domain AND local_part = :localPart FOR UPDATE")
                    .param("domain", domain).param("localPart", localPart)
                    .query(AccountStore::mailboxRow).optional()
                    .orElseThrow(() -> new UnknownMailboxException(address));
            MailboxRow changed = change.apply(current).checked();
            jdbc.sql("""
                    UPDATE mailbox SET enabled = :enabled, display_name = :displayName, quota_bytes = :quota,
                        soft_quota_bytes = :softQuota, max_messages = :maxMessages, max_message_bytes = :maxMessageBytes,
                        expires_at = :expiresAt, imap_access = :imap, pop3_access = :pop3, smtp_access = :smtp
                    WHERE domain = :domain AND local_part = :localPart""")
                    .param("enabled", changed.enabled())
                    .param("displayName", changed.displayName())
                    .param("quota", changed.quotaBytes())
                    .param("softQuota", changed.softQuotaBytes())
                    .param("maxMessages", changed.maxMessages())
                    .param("maxMessageBytes", changed.maxMessageBytes())
                    .param("expiresAt", changed.expiresAt() == null ? null : Timestamp.from(changed.expiresAt()))
                    .param("imap", changed.access().imap())
                    .param("pop3", changed.access().pop3())
                    .param("smtp", changed.access().smtp())
                    .param("domain", domain)
                    .param("localPart", localPart)
                    .update();
            enqueue(mailboxEvent(address, changed));
            audit.insert(jdbc);
            return changed;
        });
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

    /**
     * Replaces an imported legacy hash by the current scheme's, unless the password changed meanwhile.
     */
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

    /**
     * Deletes a mailbox; publishes its tombstone.
     *
     * @throws UnknownMailboxException if it does not exist
     */
    void deleteMailbox(String domain, String localPart, AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("DELETE FROM mailbox WHERE domain = :domain AND local_part = :localPart")
                    .param("domain", domain).param("localPart", localPart).update();
            if (rows == 0) {
                throw new UnknownMailboxException(address);
            }
            enqueueTombstone(DirectoryEvent.mailboxKey(address));
            audit.insert(jdbc);
        });
    }

    Optional<Credentials> credentials(String domain, String localPart) {
        return jdbc.sql("""
                SELECT m.domain, m.local_part, m.password_hash, (m.enabled AND d.enabled) AS active, m.expires_at,
                       m.imap_access, m.pop3_access, m.smtp_access
                FROM mailbox m JOIN domain d ON d.name = m.domain
                WHERE m.domain = :domain AND m.local_part = :localPart""")
                .param("domain", domain)
                .param("localPart", localPart)
                .query((rs, n) -> new Credentials(rs.getString("domain"), rs.getString("local_part"),
                        rs.getString("password_hash"), rs.getBoolean("active"), instant(rs, "expires_at"), access(rs)))
                .optional();
    }

    private void enqueue(DirectoryEvent event) {
        jdbc.sql("INSERT INTO directory_outbox (record_key, payload) VALUES (:key, :payload)")
                .param("key", event.key())
                .param("payload", new String(EventCodec.encode(event), StandardCharsets.UTF_8))
                .update();
    }

    /** A deletion on the compacted topic: the key with a null value. */
    private void enqueueTombstone(String key) {
        jdbc.sql("INSERT INTO directory_outbox (record_key, payload) VALUES (:key, NULL)").param("key", key).update();
    }

    private static DomainRow domainRow(ResultSet rs, int n) throws SQLException {
        return new DomainRow(rs.getString("name"), rs.getBoolean("enabled"), rs.getObject("default_quota_bytes", Long.class),
                rs.getObject("max_mailboxes", Integer.class));
    }

    private static MailboxRow mailboxRow(ResultSet rs, int n) throws SQLException {
        return new MailboxRow(rs.getString("domain"), rs.getString("local_part"), rs.getBoolean("enabled"),
                rs.getString("display_name"), rs.getObject("quota_bytes", Long.class),
                rs.getObject("soft_quota_bytes", Long.class), rs.getObject("max_messages", Long.class),
                rs.getObject("max_message_bytes", Long.class), instant(rs, "expires_at"), access(rs));
    }

    private static ServiceAccess access(ResultSet rs) throws SQLException {
        return new ServiceAccess(rs.getBoolean("imap_access"), rs.getBoolean("pop3_access"), rs.getBoolean("smtp_access"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
