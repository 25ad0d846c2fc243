package org.paperpath.account;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Domains and mailboxes in PostgreSQL. Every change writes its directory event to
 * {@code directory_outbox} in the same transaction, so the directory topic never misses a
 * committed change and never sees an uncommitted one.
 *
 * <p>It keeps its own transaction manager over the shared DataSource rather than declaring one as
 * a bean: standalone runs seven services in one context and must not end up with two.
 */
final class AccountStore {

    record DomainRow(String name, boolean enabled) {
    }

    record MailboxRow(String domain, String localPart, boolean enabled) {
    }

    /** What authentication needs; {@code active} is mailbox and domain both enabled. */
    record Credentials(String domain, String localPart, String passwordHash, boolean active) {
    }

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
    boolean insertDomain(String name) {
        Boolean inserted = transactions.execute(status -> {
            int rows = jdbc.sql("INSERT INTO domain (name, enabled) VALUES (:name, true) ON CONFLICT (name) DO NOTHING")
                    .param("name", name)
                    .update();
            if (rows == 0) {
                return false;
            }
            enqueue(new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, name, true));
            return true;
        });
        return Boolean.TRUE.equals(inserted);
    }

    /**
     * Inserts an enabled mailbox.
     *
     * @throws UnknownDomainException if the domain does not exist
     * @throws AccountConflictException if the mailbox exists
     */
    void insertMailbox(String domain, String localPart, String passwordHash) {
        transactions.executeWithoutResult(status -> {
            // FOR SHARE: the domain cannot vanish between this check and the insert.
            boolean domainExists = jdbc.sql("SELECT name FROM domain WHERE name = :name FOR SHARE")
                    .param("name", domain)
                    .query(String.class)
                    .optional()
                    .isPresent();
            if (!domainExists) {
                throw new UnknownDomainException(domain);
            }
            int rows = jdbc.sql("""
                    INSERT INTO mailbox (domain, local_part, password_hash, enabled)
                    VALUES (:domain, :localPart, :hash, true)
                    ON CONFLICT (domain, local_part) DO NOTHING""")
                    .param("domain", domain)
                    .param("localPart", localPart)
                    .param("hash", passwordHash)
                    .update();
            if (rows == 0) {
                throw new AccountConflictException("localPart", "mailbox " + AccountNames.address(localPart, domain) + " exists");
            }
            enqueue(new DirectoryEvent.MailboxUpserted(
                    DirectoryEvent.VERSION, AccountNames.address(localPart, domain), domain, localPart, true));
        });
    }

    boolean domainExists(String name) {
        return jdbc.sql("SELECT count(*) FROM domain WHERE name = :name").param("name", name).query(Long.class).single() > 0;
    }

    List<DomainRow> domains() {
        return jdbc.sql("SELECT name, enabled FROM domain ORDER BY name")
                .query((rs, n) -> new DomainRow(rs.getString("name"), rs.getBoolean("enabled")))
                .list();
    }

    List<MailboxRow> mailboxes(String domain) {
        return jdbc.sql("SELECT domain, local_part, enabled FROM mailbox WHERE domain = :domain ORDER BY local_part")
                .param("domain", domain)
                .query((rs, n) -> new MailboxRow(rs.getString("domain"), rs.getString("local_part"), rs.getBoolean("enabled")))
                .list();
    }

    Optional<Credentials> credentials(String domain, String localPart) {
        return jdbc.sql("""
                SELECT m.domain, m.local_part, m.password_hash, (m.enabled AND d.enabled) AS active
                FROM mailbox m JOIN domain d ON d.name = m.domain
                WHERE m.domain = :domain AND m.local_part = :localPart""")
                .param("domain", domain)
                .param("localPart", localPart)
                .query((rs, n) -> new Credentials(rs.getString("domain"), rs.getString("local_part"),
                        rs.getString("password_hash"), rs.getBoolean("active")))
                .optional();
    }

    private void enqueue(DirectoryEvent event) {
        jdbc.sql("INSERT INTO directory_outbox (record_key, payload) VALUES (:key, :payload)")
                .param("key", event.key())
                .param("payload", new String(EventCodec.encode(event), StandardCharsets.UTF_8))
                .update();
    }
}
