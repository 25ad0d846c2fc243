package org.paperpath.delivery.local.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;
import org.paperpath.model.event.LocalDelivery;

class MailboxAddressesTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();

    private Predicate<String> alice() {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("domain:example.net",
                new DirectoryEvent.DomainUpserted(1, "example.net", true, null, "example.org"));
        for (String local : List.of("alice", "carol")) {
            directory.apply("mailbox:" + local + "@example.org", new DirectoryEvent.MailboxUpserted(1,
                    local + "@example.org", "example.org", local, true));
        }
        directory.apply("alias:a.smith@example.org", new DirectoryEvent.AliasUpserted(1, "a.smith@example.org",
                "example.org", "a.smith", List.of("alice@example.org")));
        directory.apply("alias:team@example.org", new DirectoryEvent.AliasUpserted(1, "team@example.org",
                "example.org", "team", List.of("alice@example.org", "carol@example.org")));
        LocalDelivery delivery = new LocalDelivery(1, "0123456789AB0123456789AB", "Alice+Work@example.org",
                "alice@example.org", "bob@remote.net", "AB/0123456789AB0123456789AB", Instant.now(), 1);
        return MailboxAddresses.of(delivery, directory);
    }

    @Test
    void theMailboxItsExtensionsItsAliasDomainAndAPersonalAliasAreIts() {
        Predicate<String> mine = alice();

        assertThat(List.of("alice@example.org", "alice+work@example.org", "alice+other@example.org",
                "alice@example.net", "a.smith@example.org")).allMatch(mine);
    }

    @Test
    void aGroupAliasAnotherMailboxAndForeignAddressesAreNot() {
        Predicate<String> mine = alice();

        assertThat(List.of("team@example.org", "carol@example.org", "alice@remote.net", "nobody@example.org"))
                .noneMatch(mine);
    }
}
