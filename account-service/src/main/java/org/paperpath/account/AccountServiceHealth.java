package org.paperpath.account;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while PostgreSQL answers and the outbox publisher runs; reports the outbox backlog. */
final class AccountServiceHealth implements HealthIndicator {

    private final AccountDatabase store;
    private final OutboxPublisher publisher;

    AccountServiceHealth(AccountDatabase store, OutboxPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            store.jdbc().sql("SELECT 1").query(Integer.class).single();
            health = publisher.isRunning() ? Health.up() : Health.down().withDetail("outboxPublisher", "stopped");
        } catch (RuntimeException e) {
            health = Health.down().withDetail("database", e.getClass().getSimpleName());
        }
        health.withDetail("outboxPending", publisher.pending());
        String lastError = publisher.lastError();
        if (lastError != null) {
            health.withDetail("outboxLastError", lastError);
        }
        return health.build();
    }
}
