package org.paperpath.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.paperpath.model.event.DirectoryEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Domains in PostgreSQL: their settings, catch-all and deletion. Every change writes its directory
 * event through the {@link OutboxWriter} in the same transaction; an alias domain's event follows
 * its target's {@code enabled}, so it is republished with it.
 */
final class DomainStore {

    /**
     * A domain; null limits mean none.
     *
     * @param catchAll where mail for unknown addresses goes, or null to refuse it
     * @param aliasDomains the other names of this domain, sorted
     */
    record DomainRow(String name, boolean enabled, Long defaultQuotaBytes, Integer maxMailboxes, String catchAll,
            List<String> aliasDomains) {

        DomainRow {
            aliasDomains = aliasDomains == null ? List.of() : List.copyOf(aliasDomains);
        }

        /** This domain with other operator settings. */
        DomainRow withSettings(boolean enabled, Long defaultQuotaBytes, Integer maxMailboxes) {
            return new DomainRow(name, enabled, defaultQuotaBytes, maxMailboxes, catchAll, aliasDomains);
        }

        DirectoryEvent.DomainUpserted event() {
            return new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, name, enabled, catchAll, null);
        }
    }

    static final String COLUMNS = "d.name, d.enabled, d.default_quota_bytes, d.max_mailboxes, d.catch_all,"
            + " ARRAY(SELECT a.name FROM alias_domain a WHERE a.target = d.name ORDER BY a.name) AS alias_domains";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final OutboxWriter outbox;
    private final LoopDetector loops;

    DomainStore(AccountDatabase database, OutboxWriter outbox, LoopDetector loops) {
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
        this.outbox = outbox;
        this.loops = loops;
    }

    /**
     * Inserts an enabled domain without limits; false if it exists already (nothing is written then).
     *
     * @throws AccountConflictException if the name is an alias domain
     */
    boolean insertDomain(String name, AuditEntry audit) {
        return insertDomain(new DomainRow(name, true, null, null, null, List.of()), audit);
    }

    /**
     * Inserts a domain with its operator settings (its catch-all and alias domains are not set here);
     * false if it exists already (nothing is written then).
     *
     * @throws AccountConflictException if the name is an alias domain
     */
    boolean insertDomain(DomainRow domain, AuditEntry audit) {
        String name = domain.name();
        Boolean inserted = transactions.execute(status -> {
            lockName(jdbc, name);
            jdbc.sql("SELECT target FROM alias_domain WHERE name = :name").param("name", name).query(String.class).optional()
                    .ifPresent(target -> {
                        throw new AccountConflictException("name", name + " is an alias domain of " + target);
                    });
            int rows = jdbc.sql("INSERT INTO domain (name, enabled, default_quota_bytes, max_mailboxes)"
                            + " VALUES (:name, :enabled, :quota, :max) ON CONFLICT (name) DO NOTHING")
                    .param("name", name)
                    .param("enabled", domain.enabled())
                    .param("quota", domain.defaultQuotaBytes())
                    .param("max", domain.maxMailboxes())
                    .update();
            if (rows == 0) {
                return false;
            }
            outbox.upsert(new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, name, domain.enabled()));
            audit.insert(jdbc);
            return true;
        });
        return Boolean.TRUE.equals(inserted);
    }

    /**
     * Serialises, until commit, every transaction that claims {@code name} as a domain or an alias
     * domain: the two tables cannot share a unique index, so this keeps a name in one of them.
     */
    static void lockName(JdbcClient jdbc, String name) {
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('domain-name:' || :name))) AS locked")
                .param("name", name).query(Integer.class).single();
    }

    Optional<DomainRow> domain(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM domain d WHERE d.name = :name")
                .param("name", name).query(DomainStore::row).optional();
    }

    boolean domainExists(String name) {
        return jdbc.sql("SELECT count(*) FROM domain WHERE name = :name").param("name", name).query(Long.class).single() > 0;
    }

    List<DomainRow> domains(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM domain d ORDER BY d.name OFFSET :offset LIMIT :limit")
                .param("offset", offset).param("limit", limit)
                .query(DomainStore::row).list();
    }

    long countDomains() {
        return jdbc.sql("SELECT count(*) FROM domain").query(Long.class).single();
    }

    /**
     * The domain, locked against change and deletion until the transaction ends; call inside one.
     *
     * @throws UnknownDomainException if it does not exist
     */
    DomainRow lock(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM domain d WHERE d.name = :name FOR UPDATE OF d")
                .param("name", name).query(DomainStore::row).optional()
                .orElseThrow(() -> new UnknownDomainException(name));
    }

    /**
     * Changes a domain's settings under a row lock; publishes it and, if {@code enabled} changed, its
     * alias domains.
     *
     * @throws UnknownDomainException if it does not exist
     */
    DomainRow updateDomain(String name, UnaryOperator<DomainRow> change, AuditEntry audit) {
        return transactions.execute(status -> {
            DomainRow current = lock(name);
            DomainRow changed = change.apply(current);
            jdbc.sql("""
                    UPDATE domain SET enabled = :enabled, default_quota_bytes = :quota, max_mailboxes = :max
                    WHERE name = :name""")
                    .param("enabled", changed.enabled())
                    .param("quota", changed.defaultQuotaBytes())
                    .param("max", changed.maxMailboxes())
                    .param("name", name)
                    .update();
            outbox.upsert(changed.event());
            if (changed.enabled() != current.enabled()) {
                for (String alias : changed.aliasDomains()) {
                    outbox.upsert(AliasDomainStore.event(alias, changed));
                }
            }
            audit.insert(jdbc);
            return changed;
        });
    }

    /**
     * Sets ({@code target} an address) or clears ({@code null}) the catch-all; publishes the domain.
     *
     * @throws UnknownDomainException if it does not exist
     * @throws AccountConflictException naming {@code target} if the catch-all would loop
     */
    DomainRow setCatchAll(String name, String target, AuditEntry audit) {
        return transactions.execute(status -> {
            DomainRow current = lock(name);
            jdbc.sql("UPDATE domain SET catch_all = :target WHERE name = :name")
                    .param("target", target).param("name", name).update();
            if (target != null) {
                loops.refuseLoop(LoopDetector.Entry.catchAll(name), "target");
            }
            DomainRow changed = new DomainRow(current.name(), current.enabled(), current.defaultQuotaBytes(),
                    current.maxMailboxes(), target, current.aliasDomains());
            outbox.upsert(changed.event());
            audit.insert(jdbc);
            return changed;
        });
    }

    /**
     * Deletes a domain and, with {@code force}, its mailboxes, aliases and alias domains; publishes
     * a tombstone for each. Its admins go with it (ON DELETE CASCADE).
     *
     * @throws UnknownDomainException if it does not exist
     * @throws AccountConflictException if it is not empty and {@code force} is false
     */
    void deleteDomain(String name, boolean force, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            // FOR UPDATE: nothing can be created in it (creations lock it too) meanwhile.
            DomainRow domain = lock(name);
            List<String> mailboxes = localParts("mailbox", name);
            List<String> aliases = localParts("alias", name);
            if (!force && !(mailboxes.isEmpty() && aliases.isEmpty() && domain.aliasDomains().isEmpty())) {
                throw new AccountConflictException("force", "domain " + name + " has " + mailboxes.size() + " mailboxes, "
                        + aliases.size() + " aliases and " + domain.aliasDomains().size()
                        + " alias domains; delete them first or pass force=true");
            }
            jdbc.sql("DELETE FROM mailbox WHERE domain = :name").param("name", name).update();
            jdbc.sql("DELETE FROM alias WHERE domain = :name").param("name", name).update();
            jdbc.sql("DELETE FROM alias_domain WHERE target = :name").param("name", name).update();
            jdbc.sql("DELETE FROM domain WHERE name = :name").param("name", name).update();
            for (String localPart : mailboxes) {
                outbox.tombstone(DirectoryEvent.mailboxKey(AccountNames.address(localPart, name)));
            }
            for (String localPart : aliases) {
                outbox.tombstone(DirectoryEvent.aliasKey(AccountNames.address(localPart, name)));
            }
            for (String alias : domain.aliasDomains()) {
                outbox.tombstone(DirectoryEvent.domainKey(alias));
            }
            outbox.tombstone(DirectoryEvent.domainKey(name));
            audit.insert(jdbc);
        });
    }

    private List<String> localParts(String table, String domain) {
        return jdbc.sql("SELECT local_part FROM " + table + " WHERE domain = :name ORDER BY local_part")
                .param("name", domain).query(String.class).list();
    }

    static DomainRow row(ResultSet rs, int n) throws SQLException {
        return new DomainRow(rs.getString("name"), rs.getBoolean("enabled"), rs.getObject("default_quota_bytes", Long.class),
                rs.getObject("max_mailboxes", Integer.class), rs.getString("catch_all"),
                AccountDatabase.textList(rs, "alias_domains"));
    }
}
