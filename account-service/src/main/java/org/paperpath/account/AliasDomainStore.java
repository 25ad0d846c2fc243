package org.paperpath.account;

import java.util.List;
import org.paperpath.model.event.DirectoryEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alias domains: other names of a domain ({@code a@alias} is {@code a@target}). Each is published
 * as its own {@link DirectoryEvent.DomainUpserted} with {@code aliasFor}, enabled as its target is.
 */
final class AliasDomainStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DomainStore domains;
    private final OutboxWriter outbox;
    private final LoopDetector loops;

    AliasDomainStore(AccountDatabase database, DomainStore domains, OutboxWriter outbox, LoopDetector loops) {
        this.jdbc = database.jdbc();
        this.transactions = database.transactions();
        this.domains = domains;
        this.outbox = outbox;
        this.loops = loops;
    }

    /** The directory's view of alias domain {@code alias} of {@code target}. */
    static DirectoryEvent.DomainUpserted event(String alias, DomainStore.DomainRow target) {
        return new DirectoryEvent.DomainUpserted(DirectoryEvent.VERSION, alias, target.enabled(), null, target.name());
    }

    /**
     * @throws UnknownDomainException if {@code target} does not exist
     * @throws AccountConflictException naming {@code name} if it is a domain or an alias domain already,
     *     or if addresses of it named as targets would close a loop
     */
    void insert(String target, String alias, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            DomainStore.lockName(jdbc, alias);
            DomainStore.DomainRow domain = domains.lock(target);
            if (domains.domainExists(alias)) {
                throw new AccountConflictException("name", alias + " is a domain itself");
            }
            jdbc.sql("SELECT target FROM alias_domain WHERE name = :name").param("name", alias).query(String.class).optional()
                    .ifPresent(existing -> {
                        throw new AccountConflictException("name", alias + " is an alias domain of " + existing + " already");
                    });
            jdbc.sql("INSERT INTO alias_domain (name, target) VALUES (:name, :target)")
                    .param("name", alias).param("target", target).update();
            loops.refuseLoopsVia(alias, "name");
            outbox.upsert(event(alias, domain));
            audit.insert(jdbc);
        });
    }

    List<String> list(String target, long offset, int limit) {
        return jdbc.sql("SELECT name FROM alias_domain WHERE target = :target ORDER BY name OFFSET :offset LIMIT :limit")
                .param("target", target).param("offset", offset).param("limit", limit).query(String.class).list();
    }

    long count(String target) {
        return jdbc.sql("SELECT count(*) FROM alias_domain WHERE target = :target")
                .param("target", target).query(Long.class).single();
    }

    boolean exists(String target, String alias) {
        return jdbc.sql("SELECT count(*) FROM alias_domain WHERE target = :target AND name = :name")
                .param("target", target).param("name", alias).query(Long.class).single() > 0;
    }

    /** @throws UnknownAliasDomainException if {@code alias} is no alias domain of {@code target} */
    void delete(String target, String alias, AuditEntry audit) {
        transactions.executeWithoutResult(status -> {
            int rows = jdbc.sql("DELETE FROM alias_domain WHERE target = :target AND name = :name")
                    .param("target", target).param("name", alias).update();
            if (rows == 0) {
                throw new UnknownAliasDomainException(alias + " of " + target);
            }
            outbox.tombstone(DirectoryEvent.domainKey(alias));
            audit.insert(jdbc);
        });
    }
}
