package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;

class RouterTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final Router router = new Router(directory);

    @BeforeEach
    void directory() {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("domain:off.org", new DirectoryEvent.DomainUpserted(1, "off.org", false));
        directory.apply("mailbox:alice@example.org",
                new DirectoryEvent.MailboxUpserted(1, "alice@example.org", "example.org", "alice", true));
        directory.apply("mailbox:bob@example.org",
                new DirectoryEvent.MailboxUpserted(1, "bob@example.org", "example.org", "bob", false));
    }

    @Test
    void anEnabledMailboxOfALocalDomainIsDeliveredLocallyByItsDirectoryKey() {
        assertThat(router.route("Alice@Example.ORG")).isEqualTo(new Route.Local("Alice@Example.ORG", "alice@example.org"));
    }

    @Test
    void anUnknownOrDisabledMailboxOfALocalDomainFails() {
        assertThat(router.route("carol@example.org")).isInstanceOf(Route.Failed.class);
        assertThat(router.route("bob@example.org")).isInstanceOf(Route.Failed.class);
        assertThat(((Route.Failed) router.route("carol@example.org")).detail()).contains("no such mailbox");
    }

    @Test
    void aForeignOrDisabledDomainIsRelayed() {
        assertThat(router.route("x@remote.net")).isEqualTo(new Route.Remote("x@remote.net", "remote.net"));
        assertThat(router.route("x@off.org")).isEqualTo(new Route.Remote("x@off.org", "off.org"));
    }

    @Test
    void anUnparsableRecipientFails() {
        assertThat(router.route("no-at-sign")).isInstanceOf(Route.Failed.class);
    }

    @Test
    void routingKeepsEnvelopeOrder() {
        assertThat(router.route(List.of("alice@example.org", "x@remote.net", "carol@example.org")))
                .extracting(Route::getClass)
                .containsExactly(Route.Local.class, Route.Remote.class, Route.Failed.class);
    }

    @Test
    void itIsReadyOnlyOnceTheDirectoryIsCaughtUp() {
        assertThat(router.isReady()).isFalse();
        directory.markCaughtUp();
        assertThat(router.isReady()).isTrue();
    }
}
