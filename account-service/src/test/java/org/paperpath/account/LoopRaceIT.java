package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two concurrent alias changes that together close a loop, against a real PostgreSQL without Spring:
 * the second must see the first's commit before it checks, so one of them is refused.
 */
class LoopRaceIT {

    private static final AuditEntry AUDIT = AuditEntry.of(new Caller.Admin("192.0.2.9"), "test", null, null, null);
    private static EmbeddedPostgres postgres;
    private static AccountDatabase database;
    private static AliasStore aliases;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
        database = new AccountDatabase(postgres.getPostgresDatabase());
        OutboxWriter outbox = new OutboxWriter(database.jdbc());
        LoopDetector loops = new LoopDetector(database.jdbc());
        DomainStore domains = new DomainStore(database, outbox, loops);
        aliases = new AliasStore(database, domains, outbox, loops);
        domains.insertDomain("race.test", AUDIT);
        aliases.insert(new AliasStore.AliasRow("race.test", "a", List.of("one@remote.example")), AUDIT);
        aliases.insert(new AliasStore.AliasRow("race.test", "b", List.of("two@remote.example")), AUDIT);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static long waitingForALock() {
        return database.jdbc().sql("SELECT count(*) FROM pg_locks WHERE NOT granted").query(Long.class).single();
    }

    @Test
    void ofTwoConcurrentChangesClosingALoopTheSecondIsRefused() throws Exception {
        CountDownLatch firstChecked = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> database.transactions().executeWithoutResult(status -> {
            aliases.update(new AliasStore.AliasRow("race.test", "a", List.of("b@race.test")), AUDIT);
            firstChecked.countDown();
            try {
                commitFirst.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(firstChecked.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<AliasStore.AliasRow> second = CompletableFuture.supplyAsync(
                () -> aliases.update(new AliasStore.AliasRow("race.test", "b", List.of("a@race.test")), AUDIT));
        // The second either finishes (no lock kept it out: the bug) or waits for the first's lock.
        while (!second.isDone() && waitingForALock() == 0) {
            Thread.sleep(10);
        }
        commitFirst.countDown();
        first.get(30, TimeUnit.SECONDS);

        assertThat(second).failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(AccountConflictException.class).withMessageContaining("loop");
        assertThat(aliases.alias("race.test", "b").orElseThrow().targets()).containsExactly("two@remote.example");
    }
}
