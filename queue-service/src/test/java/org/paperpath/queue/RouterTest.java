package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.InMemoryDirectory;
import org.paperpath.model.event.DirectoryEvent;

class RouterTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final Router router = new Router(directory);
    private final List<RouteKind> kinds = new ArrayList<>();

    @BeforeEach
    void directory() {
        directory.apply("domain:example.org", new DirectoryEvent.DomainUpserted(1, "example.org", true));
        directory.apply("domain:off.org", new DirectoryEvent.DomainUpserted(1, "off.org", false));
        directory.apply("domain:alias.org", new DirectoryEvent.DomainUpserted(1, "alias.org", true, null, "example.org"));
        directory.apply("domain:catch.org",
                new DirectoryEvent.DomainUpserted(1, "catch.org", true, "bucket@example.org", null));
        mailbox("alice");
        mailbox("carol");
        mailbox("bucket");
        directory.apply("mailbox:bob@example.org",
                new DirectoryEvent.MailboxUpserted(1, "bob@example.org", "example.org", "bob", false));
    }

    private void mailbox(String local) {
        directory.apply("mailbox:" + local + "@example.org",
                new DirectoryEvent.MailboxUpserted(1, local + "@example.org", "example.org", local, true));
    }

    private void forwarding(String local, boolean keepCopy, String... targets) {
        directory.apply("mailbox:" + local + "@example.org", new DirectoryEvent.MailboxUpserted(1,
                local + "@example.org", "example.org", local, true, null, null, null, null, List.of(targets),
                keepCopy, null));
    }

    private void alias(String local, String... targets) {
        directory.apply("alias:" + local + "@example.org",
                new DirectoryEvent.AliasUpserted(1, local + "@example.org", "example.org", local, List.of(targets)));
    }

    private List<Route> route(String... recipients) {
        return router.route(List.of(recipients), kinds::add);
    }

    private static String detail(Route route) {
        return ((Route.Failed) route).detail();
    }

    @Test
    void anEnabledMailboxOfALocalDomainIsDeliveredLocallyByItsDirectoryKey() {
        assertThat(route("Alice@Example.ORG"))
                .containsExactly(new Route.Local("Alice@Example.ORG", "Alice@Example.ORG", "alice@example.org"));
        assertThat(kinds).containsExactly(RouteKind.LOCAL);
    }

    @Test
    void anUnknownOrDisabledMailboxOfALocalDomainFails() {
        assertThat(detail(route("dave@example.org").get(0))).isEqualTo("no such mailbox: dave@example.org");
        assertThat(detail(route("bob@example.org").get(0))).isEqualTo("mailbox disabled: bob@example.org");
        assertThat(kinds).containsExactly(RouteKind.FAILED, RouteKind.FAILED);
    }

    @Test
    void aForeignDomainIsRelayedAndADisabledOneOfOursIsNot() {
        List<Route> routes = route("x@remote.net", "y@off.org");
        assertThat(routes.get(0)).isEqualTo(new Route.Remote("x@remote.net", "x@remote.net", "remote.net"));
        assertThat(detail(routes.get(1))).isEqualTo("no such mailbox: y@off.org");
        assertThat(kinds).containsExactly(RouteKind.REMOTE, RouteKind.FAILED);
    }

    @Test
    void anUnparsableRecipientFails() {
        assertThat(detail(route("no-at-sign").get(0))).startsWith("invalid recipient address");
    }

    @Test
    void routingKeepsEnvelopeOrder() {
        assertThat(route("alice@example.org", "x@remote.net", "dave@example.org"))
                .extracting(Route::getClass)
                .containsExactly(Route.Local.class, Route.Remote.class, Route.Failed.class);
    }

    @Test
    void anAliasExpandsToEachTargetLocalOrRemote() {
        alias("team", "alice@example.org", "carol@example.org", "x@remote.net");

        assertThat(route("team@example.org")).containsExactly(
                new Route.Local("team@example.org", "alice@example.org", "alice@example.org"),
                new Route.Local("team@example.org", "carol@example.org", "carol@example.org"),
                new Route.Remote("team@example.org", "x@remote.net", "remote.net"));
        assertThat(kinds).containsExactly(RouteKind.ALIAS, RouteKind.LOCAL, RouteKind.LOCAL, RouteKind.REMOTE);
    }

    @Test
    void aliasesOfAliasesAreResolvedInTurn() {
        alias("all", "team@example.org", "carol@example.org");
        alias("team", "alice@example.org");

        assertThat(route("all@example.org")).extracting(Route::recipient)
                .containsExactly("alice@example.org", "carol@example.org");
        assertThat(kinds).filteredOn(RouteKind.ALIAS::equals).hasSize(2);
    }

    @Test
    void eachMailboxAndRemoteAddressGetsOneRouteHoweverManyPathsLeadThere() {
        alias("team", "alice@example.org", "x@remote.net");
        alias("also", "ALICE@example.org", "x@REMOTE.net", "alice+tag@example.org");

        List<Route> routes = route("alice@example.org", "team@example.org", "also@example.org", "Alice@example.org");

        assertThat(routes).containsExactly(
                new Route.Local("alice@example.org", "alice@example.org", "alice@example.org"),
                new Route.Remote("team@example.org", "x@remote.net", "remote.net"));
    }

    @Test
    void anAliasLoopFailsThatBranchOnlyWithTheChainInItsDetail() {
        alias("ping", "pong@example.org", "alice@example.org");
        alias("pong", "ping@example.org");

        List<Route> routes = route("ping@example.org");

        assertThat(routes).hasSize(2);
        assertThat(routes.get(0)).isInstanceOf(Route.Failed.class);
        assertThat(detail(routes.get(0)))
                .isEqualTo("alias or forwarding loop: ping@example.org -> pong@example.org -> ping@example.org");
        assertThat(routes.get(1)).isEqualTo(new Route.Local("ping@example.org", "alice@example.org", "alice@example.org"));
    }

    @Test
    void aChainDeeperThanTheLimitFails() {
        for (int i = 0; i <= Router.MAX_DEPTH; i++) {
            alias("hop" + i, "hop" + (i + 1) + "@example.org");
        }
        alias("hop" + (Router.MAX_DEPTH + 1), "alice@example.org");
        // short0 -> hop3 ... hop11 -> alice: exactly MAX_DEPTH aliases above the mailbox.
        alias("short0", "hop3@example.org");

        Route deep = route("hop0@example.org").get(0);
        assertThat(deep).isInstanceOf(Route.Failed.class);
        assertThat(detail(deep)).startsWith("more than 10 levels of aliases or forwarding: hop0@example.org -> ");
        assertThat(route("short0@example.org").get(0)).isInstanceOf(Route.Local.class);
    }

    @Test
    void theCatchAllTakesUnknownAddressesOfItsDomain() {
        assertThat(route("whoever@catch.org"))
                .containsExactly(new Route.Local("whoever@catch.org", "bucket@example.org", "bucket@example.org"));
        assertThat(kinds).containsExactly(RouteKind.CATCH_ALL, RouteKind.LOCAL);
    }

    @Test
    void aCatchAllPointingIntoItsOwnDomainAtAnUnknownAddressFailsInsteadOfLooping() {
        directory.apply("domain:catch.org",
                new DirectoryEvent.DomainUpserted(1, "catch.org", true, "nobody@catch.org", null));

        Route route = route("whoever@catch.org").get(0);

        assertThat(route).isInstanceOf(Route.Failed.class);
        assertThat(detail(route)).contains("loop");
    }

    @Test
    void anAliasDomainReachesTheTargetDomainsMailbox() {
        assertThat(route("carol@alias.org"))
                .containsExactly(new Route.Local("carol@alias.org", "carol@alias.org", "carol@example.org"));
    }

    @Test
    void anExtensionAddressReachesItsBaseMailbox() {
        assertThat(route("alice+lists@example.org"))
                .containsExactly(new Route.Local("alice+lists@example.org", "alice+lists@example.org",
                        "alice@example.org"));
    }

    @Test
    void aForwardingMailboxGoesToItsTargetsOnly() {
        forwarding("alice", false, "carol@example.org", "x@remote.net");

        assertThat(route("alice@example.org")).containsExactly(
                new Route.Local("alice@example.org", "carol@example.org", "carol@example.org"),
                new Route.Remote("alice@example.org", "x@remote.net", "remote.net"));
        assertThat(kinds).containsExactly(RouteKind.FORWARD, RouteKind.LOCAL, RouteKind.REMOTE);
    }

    @Test
    void aForwardingMailboxWithKeepCopyGoesToItselfToo() {
        forwarding("alice", true, "x@remote.net");

        assertThat(route("alice@example.org")).containsExactly(
                new Route.Local("alice@example.org", "alice@example.org", "alice@example.org"),
                new Route.Remote("alice@example.org", "x@remote.net", "remote.net"));
    }

    @Test
    void forwardsBetweenTwoMailboxesEndInALoopFailureNotAnEndlessExpansion() {
        forwarding("alice", false, "carol@example.org");
        forwarding("carol", true, "alice@example.org");

        List<Route> routes = route("alice@example.org");

        assertThat(routes).extracting(Route::getClass).containsExactly(Route.Local.class, Route.Failed.class);
        assertThat(routes.get(0).recipient()).isEqualTo("carol@example.org");
        assertThat(detail(routes.get(1))).startsWith("alias or forwarding loop");
    }

    @Test
    void anAliasWithoutTargetsFails() {
        alias("empty");

        assertThat(detail(route("empty@example.org").get(0))).isEqualTo("alias empty@example.org has no targets");
    }

    @Test
    void itIsReadyOnlyOnceTheDirectoryIsCaughtUp() {
        assertThat(router.isReady()).isFalse();
        directory.markCaughtUp();
        assertThat(router.isReady()).isTrue();
    }
}
