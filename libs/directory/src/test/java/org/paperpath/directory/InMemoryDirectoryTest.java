package org.paperpath.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.paperpath.model.event.DirectoryEvent;

class InMemoryDirectoryTest {

    @Test
    void aMailboxCarriesTheLimitsItWasPublishedWith() {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.apply("mailbox:alice@example.test", new DirectoryEvent.MailboxUpserted(1, "alice@example.test",
                "example.test", "alice", true, 1000L, 800L, null, 100L));

        assertThat(directory.mailbox("alice@example.test")).contains(
                new MailboxEntry("alice@example.test", "example.test", "alice", true, 1000L, 800L, null, 100L));
    }

    @Test
    void aMailboxPublishedWithoutLimitsHasNone() {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.apply("mailbox:bob@example.test",
                new DirectoryEvent.MailboxUpserted(1, "bob@example.test", "example.test", "bob", false));

        assertThat(directory.mailbox("bob@example.test"))
                .contains(new MailboxEntry("bob@example.test", "example.test", "bob", false));
        directory.apply("mailbox:bob@example.test", null);
        assertThat(directory.mailbox("bob@example.test")).isEmpty();
    }
}
