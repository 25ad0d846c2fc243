package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.EventCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A mailbox's incarnation id (V5): fixed when the mailbox is created, kept by every change, new when
 * the address is deleted and created again; published in every MailboxUpserted and told in the
 * authenticate answer, so delivery and the gateways can tell the new mailbox's Maildir from the old one's.
 */
class MailboxIncarnationIT extends AccountApiTestBase {

    private static final String OTHER_PASSWORD = "another horse battery";

    private String authenticatedId(String username, String password) throws Exception {
        Answer answer = call("POST", "/internal/v1/authenticate", SERVICE,
                Map.of("username", username, "password", password, "service", "pop3", "remoteIp", "192.0.2.1"));
        assertThat(answer.json().path("result").asString()).as(answer.body()).isEqualTo("authenticated");
        return answer.json().path("mailboxId").asString();
    }

    private static DirectoryEvent.MailboxUpserted mailboxEvent(ConsumerRecord<String, byte[]> record) {
        assertThat(record.value()).as("a tombstone at this place").isNotNull();
        return (DirectoryEvent.MailboxUpserted) EventCodec.decode(record.value(), DirectoryEvent.class);
    }

    @Test
    void aMailboxCreatedAgainHasANewIdInItsEventsAndItsLogins() throws Exception {
        createDomain("again.incarnation.test");
        createMailbox("again.incarnation.test", "erin");
        String first = authenticatedId("erin@again.incarnation.test", PASSWORD);
        assertThat(UUID.fromString(first)).isNotNull();
        call("PATCH", "/api/v1/domains/again.incarnation.test/mailboxes/erin", ADMIN, Map.of("quotaBytes", 5000));
        assertThat(authenticatedId("erin@again.incarnation.test", PASSWORD)).as("a change keeps the id").isEqualTo(first);

        assertThat(call("DELETE", "/api/v1/domains/again.incarnation.test/mailboxes/erin", ADMIN, null).status())
                .isEqualTo(204);
        Answer created = call("POST", "/api/v1/domains/again.incarnation.test/mailboxes", ADMIN,
                Map.of("localPart", "erin", "password", OTHER_PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String second = authenticatedId("erin@again.incarnation.test", OTHER_PASSWORD);

        assertThat(UUID.fromString(second)).isNotEqualTo(UUID.fromString(first));
        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:erin@again.incarnation.test"), 4);
        assertThat(records).hasSize(4);
        assertThat(mailboxEvent(records.get(0)).id()).isEqualTo(first);
        assertThat(mailboxEvent(records.get(1)).id()).as("the change's event").isEqualTo(first);
        assertThat(mailboxEvent(records.get(1)).quotaBytes()).isEqualTo(5000L);
        assertThat(records.get(2).value()).as("the deletion's tombstone").isNull();
        assertThat(mailboxEvent(records.get(3)).id()).isEqualTo(second);
    }

    @Test
    void selfServiceChangesKeepTheId() throws Exception {
        createDomain("self.incarnation.test");
        createMailbox("self.incarnation.test", "sam");
        String id = authenticatedId("sam@self.incarnation.test", PASSWORD);

        Answer answer = callAs("PUT", "/api/v1/me/forwarding", basic("sam@self.incarnation.test", PASSWORD),
                Map.of("forwardTo", List.of("sam@elsewhere.test"), "keepCopy", true));
        assertThat(answer.status()).as(answer.body()).isBetween(200, 204);

        List<ConsumerRecord<String, byte[]>> records = directoryRecords(List.of("mailbox:sam@self.incarnation.test"), 2);
        assertThat(records).hasSize(2);
        assertThat(mailboxEvent(records.get(1)).forwardTo()).containsExactly("sam@elsewhere.test");
        assertThat(mailboxEvent(records.get(1)).id()).isEqualTo(id);
    }

    @Test
    void v5GivesEachExistingMailboxItsOwnId() throws Exception {
        try (Connection connection = infra().postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE v5_incarnation");
        }
        DataSource database = infra().postgres.getDatabase("postgres", "v5_incarnation");
        Flyway.configure().dataSource(database).target("4").load().migrate();
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("INSERT INTO domain (name) VALUES ('old.incarnation.test')").update();
        jdbc.sql("INSERT INTO mailbox (domain, local_part, password_hash) VALUES ('old.incarnation.test', 'a', 'x'),"
                + " ('old.incarnation.test', 'b', 'x')").update();

        Flyway.configure().dataSource(database).load().migrate();

        List<String> ids = jdbc.sql("SELECT id::text FROM mailbox ORDER BY local_part").query(String.class).list();
        assertThat(ids).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
        ids.forEach(id -> assertThat(UUID.fromString(id).toString()).isEqualTo(id));
        jdbc.sql("INSERT INTO mailbox (domain, local_part, password_hash) VALUES ('old.incarnation.test', 'c', 'x')")
                .update();
        assertThat(jdbc.sql("SELECT count(DISTINCT id) FROM mailbox").query(Long.class).single()).isEqualTo(3);
    }
}
