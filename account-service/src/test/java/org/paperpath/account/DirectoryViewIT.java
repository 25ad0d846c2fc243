package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.directory.KafkaDirectoryView;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.directory.Recipient;

/**
 * What the other services see: the shared directory view (libs/directory), fed by the outbox, follows
 * every change within seconds: disabling, deleting (tombstones) and deleting a domain with force.
 */
class DirectoryViewIT extends AccountApiTestBase {

    private static final Duration SOON = Duration.ofSeconds(10);

    private KafkaDirectoryView view;

    @BeforeEach
    void startView() throws Exception {
        view = new KafkaDirectoryView(infra().bootstrap());
        view.start();
        assertThat(view.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    }

    @AfterEach
    void stopView() {
        view.close();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aDisabledThenDeletedMailboxLeavesTheViewWithinSeconds() throws Exception {
        createDomain("view.directory.test");
        createMailbox("view.directory.test", "gone");
        assertThat(eventually(() -> view.mailbox("gone@view.directory.test").isPresent())).isTrue();

        call("PATCH", "/api/v1/domains/view.directory.test/mailboxes/gone", ADMIN, Map.of("enabled", false));
        boolean disabledSeen = eventually(() -> view.mailbox("gone@view.directory.test").map(e -> !e.enabled()).orElse(false));
        assertThat(call("DELETE", "/api/v1/domains/view.directory.test/mailboxes/gone", ADMIN, null).status()).isEqualTo(204);

        assertThat(disabledSeen).isTrue();
        assertThat(eventually(() -> view.mailbox("gone@view.directory.test").isEmpty())).isTrue();
        assertThat(view.isLocalDomain("view.directory.test")).isTrue();
    }

    @Test
    void aForcedDomainDeletionRemovesTheDomainAndItsMailboxes() throws Exception {
        createDomain("force.directory.test");
        createMailbox("force.directory.test", "one");
        createMailbox("force.directory.test", "two");
        assertThat(eventually(() -> view.mailbox("two@force.directory.test").isPresent())).isTrue();

        assertThat(call("DELETE", "/api/v1/domains/force.directory.test?force=true", ADMIN, null).status()).isEqualTo(204);

        assertThat(eventually(() -> !view.isLocalDomain("force.directory.test"))).isTrue();
        assertThat(eventually(() -> view.mailbox("one@force.directory.test").isEmpty()
                && view.mailbox("two@force.directory.test").isEmpty())).isTrue();
    }

    @Test
    void aDisabledDomainIsNoLongerLocal() throws Exception {
        createDomain("off.directory.test");
        assertThat(eventually(() -> view.isLocalDomain("off.directory.test"))).isTrue();

        call("PATCH", "/api/v1/domains/off.directory.test", ADMIN, Map.of("enabled", false));

        assertThat(eventually(() -> !view.isLocalDomain("off.directory.test"))).isTrue();
        call("PATCH", "/api/v1/domains/off.directory.test", ADMIN, Map.of("enabled", true));
        assertThat(eventually(() -> view.isLocalDomain("off.directory.test"))).isTrue();
    }

    @Test
    void aliasesAliasDomainsCatchAllsAndForwardsResolveInTheViewAsPublished() throws Exception {
        createDomain("resolve.directory.test");
        createMailbox("resolve.directory.test", "box");
        call("POST", "/api/v1/domains/resolve.directory.test/alias-domains", ADMIN, Map.of("name", "alt.directory.test"));
        call("POST", "/api/v1/domains/resolve.directory.test/aliases", ADMIN,
                Map.of("localPart", "team", "targets", List.of("box@resolve.directory.test", "far@remote.example")));
        call("PUT", "/api/v1/domains/resolve.directory.test/catch-all", ADMIN, Map.of("target", "box@resolve.directory.test"));
        call("PATCH", "/api/v1/domains/resolve.directory.test/mailboxes/box", ADMIN, Map.of("forwardTo",
                List.of("far@remote.example"), "keepCopy", false, "autoresponder", Map.of("subject", "Away", "body", "Gone.")));

        Recipient team = new Recipient.Alias("team@resolve.directory.test",
                List.of("box@resolve.directory.test", "far@remote.example"), false);
        Recipient caught = new Recipient.Alias("nobody@alt.directory.test", List.of("box@resolve.directory.test"), true);
        assertThat(eventually(() -> team.equals(view.resolve("team+tag@alt.directory.test")))).isTrue();
        assertThat(eventually(() -> caught.equals(view.resolve("nobody@alt.directory.test")))).isTrue();
        assertThat(eventually(() -> view.mailbox("box@resolve.directory.test")
                .map(box -> box.forwardTo().equals(List.of("far@remote.example")) && !box.keepCopy()
                        && box.autoresponder() != null && box.autoresponder().intervalSeconds() == 86_400)
                .orElse(false))).isTrue();
        assertThat(view.isLocalDomain("alt.directory.test")).isTrue();

        call("DELETE", "/api/v1/domains/resolve.directory.test/aliases/team", ADMIN, null);
        call("DELETE", "/api/v1/domains/resolve.directory.test/alias-domains/alt.directory.test", ADMIN, null);

        assertThat(eventually(() -> view.resolve("team@resolve.directory.test") instanceof Recipient.Alias alias
                && alias.catchAll())).isTrue();
        assertThat(eventually(() -> !view.isLocalDomain("alt.directory.test"))).isTrue();
    }

    @Test
    void importedMailboxesAppearAsTheyWereImported() throws Exception {
        createDomain("import.directory.test");

        send("POST", "/api/v1/domains/import.directory.test/mailboxes:import", bearer(ADMIN),
                "{\"localPart\":\"kept\",\"passwordHash\":\"{BLF-CRYPT}$2y$04$kwb4qO8ejfioNSozlN2G8uDDPasKNLIMu3WBeFqPsnTr9PVXdCIx.\"}");

        assertThat(eventually(() -> view.mailbox("kept@import.directory.test").isPresent())).isTrue();
        assertThat(view.mailbox("kept@import.directory.test").orElseThrow()).usingRecursiveComparison()
                .ignoringFields("id").isEqualTo(new MailboxEntry("kept@import.directory.test", "import.directory.test", "kept", true));
        assertThat(view.mailbox("kept@import.directory.test").orElseThrow().id()).as("the incarnation id").isNotBlank();
    }
}
