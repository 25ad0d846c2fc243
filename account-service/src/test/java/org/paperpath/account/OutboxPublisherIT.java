package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transactional outbox against a real PostgreSQL and a real broker, without Spring. */
class OutboxPublisherIT {

    private static final AuditEntry AUDIT = AuditEntry.of(new Caller.Admin("192.0.2.9"), "test", null, null, null);
    private static TestInfrastructure infra;
    private static AccountDatabase store;
    private static DomainStore domains;
    private static MailboxStore mailboxes;

    @BeforeAll
    static void start() {
        infra = new TestInfrastructure();
        Flyway.configure().dataSource(infra.postgres.getPostgresDatabase()).load().migrate();
        store = new AccountDatabase(infra.postgres.getPostgresDatabase());
        OutboxWriter outbox = new OutboxWriter(store.jdbc());
        LoopDetector loops = new LoopDetector(store.jdbc());
        domains = new DomainStore(store, outbox, loops);
        mailboxes = new MailboxStore(store, domains, outbox, loops);
    }

    @AfterAll
    static void stop() throws IOException {
        infra.close();
    }

    private static long outboxRows(String key) {
        return store.jdbc().sql("SELECT count(*) FROM directory_outbox WHERE record_key = :key")
                .param("key", key).query(Long.class).single();
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void rowsWrittenWhileTheBrokerIsUnreachableStayAndArePublishedOnceItIsReachable() throws Exception {
        OutboxPublisher cutOff = new OutboxPublisher(store, "127.0.0.1:" + deadPort(), Duration.ofMillis(200),
                new SimpleMeterRegistry());
        cutOff.start();
        try {
            assertThat(domains.insertDomain("outage.example.test", AUDIT)).isTrue();
            cutOff.wake();
            Thread.sleep(2_000);
            assertThat(outboxRows("domain:outage.example.test")).isEqualTo(1);
            assertThat(cutOff.isRunning()).isTrue();
        } finally {
            cutOff.stop();
        }

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxPublisher connected = new OutboxPublisher(store, infra.bootstrap(), Duration.ofMillis(200), meters);
        connected.start();
        try {
            List<ConsumerRecord<String, byte[]>> records =
                    infra.directoryRecords(List.of("domain:outage.example.test"), 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(eventually(() -> outboxRows("domain:outage.example.test") == 0, Duration.ofSeconds(10))).isTrue();
            assertThat(eventually(() -> meters.get("paperpath.account.outbox.pending").gauge().value() == 0,
                    Duration.ofSeconds(5))).isTrue();
        } finally {
            connected.stop();
        }
        assertThat(connected.isRunning()).isFalse();
    }

    @Test
    void rowsArePublishedInCommitOrder() throws Exception {
        domains.insertDomain("order.example.test", AUDIT);
        mailboxes.insertMailbox("order.example.test", "one", "hash", AUDIT);
        mailboxes.insertMailbox("order.example.test", "two", "hash", AUDIT);
        mailboxes.insertMailbox("order.example.test", "three", "hash", AUDIT);
        List<String> keys = List.of("domain:order.example.test", "mailbox:one@order.example.test",
                "mailbox:two@order.example.test", "mailbox:three@order.example.test");

        OutboxPublisher publisher = new OutboxPublisher(store, infra.bootstrap(), Duration.ofMillis(200), new SimpleMeterRegistry());
        publisher.start();
        try {
            List<ConsumerRecord<String, byte[]>> records = infra.directoryRecords(keys, 4, Duration.ofSeconds(30));
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyElementsOf(keys);
        } finally {
            publisher.stop();
        }
    }

    @Test
    void aDuplicateInsertWritesNoSecondOutboxRow() {
        // No publisher runs between tests, so the first insert's row is still there.
        assertThat(domains.insertDomain("once.example.test", AUDIT)).isTrue();
        assertThat(domains.insertDomain("once.example.test", AUDIT)).isFalse();

        assertThat(outboxRows("domain:once.example.test")).isEqualTo(1);
    }

    private static boolean eventually(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
