package org.paperpath.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.paperpath.model.event.DirectoryEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Aliases in PostgreSQL: an address of a domain whose mail goes to its targets. A write locks the
 * domain row as mailbox creation does, so an alias and a mailbox never share a name, checks for
 * loops after writing and publishes {@link DirectoryEvent.AliasUpserted} or a tombstone in the same
 * transaction.
 */
final class AliasStore {

    /** An alias; {@code targets} are normalised addresses ({@link Targets}), at least one. */
    record AliasRow(String domain, String localPart, List<String> targets) {

        AliasRow {
            targets = List.copyOf(targets);
        }

        String address() {
            return AccountNames.address(localPart, domain);
        }

        DirectoryEvent.AliasUpserted event() {
            return new DirectoryEvent.AliasUpserted(DirectoryEvent.VERSION, address(), domain, localPart, targets);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DomainStore domains;
    private final OutboxWriter outbox;
    private final LoopDetector loops;

    AliasStore(AccountDatabase database, DomainStore domains, OutboxWriter outbox, LoopDetector loops) {
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
        this.domains = domains;
        this.outbox = outbox;
        this.loops = loops;
    }

    /**
     * @throws UnknownDomainException if the domain does not exist
     * @throws AccountConflictException naming {@code localPart} if an alias or mailbox has the name,
     *     or {@code targets} if they would loop
     */
    AliasRow insert(AliasRow alias, AuditEntry audit) {
        return transactions.execute(status -> {
            domains.lock(alias.domain());
            if (MailboxStore.exists(jdbc, alias.domain(), alias.localPart())) {
                throw new AccountConflictException("localPart", alias.address() + " is a mailbox");
            }
            int rows = jdbc.sql("""
                    INSERT INTO alias (domain, local_part, targets) VALUES (:domain, :localPart, :targets)
                    ON CONFLICT (domain, local_part) DO NOTHING""")
                    .param("domain", alias.domain()).param("localPart", alias.localPart())
                    .param("targets", AccountDatabase.textArray(alias.targets()))
                    .update();
            if (rows == 0) {
                throw new AccountConflictException("localPart", "alias " + alias.address() + " exists");
            }
            return written(alias, audit);
        });
    }

    /**
     * Replaces an alias's targets.
     *
     * @throws UnknownAliasException if it does not exist
     * @throws AccountConflictException naming {@code targets} if they would loop
     */
    AliasRow update(AliasRow alias, AuditEntry audit) {
        return transactions.execute(status -> {
            int rows = jdbc.sql("UPDATE alias SET targets = :targets WHERE domain = :domain AND local_part = :localPart")
                    .param("targets", AccountDatabase.textArray(alias.targets()))
                    .param("domain", alias.domain()).param("localPart", alias.localPart())
                    .update();
            if (rows == 0) {
                throw new UnknownAliasException(alias.address());
            }
            return written(alias, audit);
        });
    }

    private AliasRow written(AliasRow alias, AuditEntry audit) {
        loops.refuseLoop(LoopDetector.Entry.alias(alias.address()), "targets");
        outbox.upsert(alias.event());
        audit.insert(jdbc);
        return alias;
    }

    Optional<AliasRow> alias(String domain, String localPart) {
        return jdbc.sql("SELECT domain, local_part, targets FROM alias WHERE domain = :domain AND local_part = :localPart")
                .param("domain", domain).param("localPart", localPart).query(AliasStore::row).optional();
    }

    List<AliasRow> aliases(String domain, long offset, int limit) {
        return jdbc.sql("""
                SELECT domain, local_part, targets FROM alias WHERE domain = :domain ORDER BY local_part
                OFFSET :offset LIMIT :limit""")
                .param("domain", domain).param("offset", offset).param("limit", limit).query(AliasStore::row).list();
    }

    long count(String domain) {
        return jdbc.sql("SELECT count(*) FROM alias WHERE domain = :domain").param("domain", domain).query(Long.class).single();
    }

    /**
     * @throws UnknownAliasException if it does not exist
     * @throws AccountConflictException naming {@code localPart} if its mail would then loop
     */
    void delete(String domain, String localPart, AuditEntry audit) {
        String address = AccountNames.address(localPart, domain);
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("DELETE FROM alias WHERE domain = :domain AND local_part = :localPart")
                    .param("domain", domain).param("localPart", localPart).update();
            if (rows == 0) {
                throw new UnknownAliasException(address);
            }
            loops.refuseLoopThrough(address, "localPart");
            outbox.tombstone(DirectoryEvent.aliasKey(address));
            audit.insert(jdbc);
        });
    }

    static boolean exists(JdbcClient jdbc, String domain, String localPart) {
        return jdbc.sql("SELECT count(*) FROM alias WHERE domain = :domain AND local_part = :localPart")
                .param("domain", domain).param("localPart", localPart).query(Long.class).single() > 0;
    }

    private static AliasRow row(ResultSet rs, int n) throws SQLException {
        return new AliasRow(rs.getString("domain"), rs.getString("local_part"), AccountDatabase.textList(rs, "targets"));
    }
}
