package org.paperpath.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperpath.model.event.DirectoryEvent;

/** The order of {@link Directory#resolve}: alias domain, exact mailbox, alias, extension, catch-all. */
class DirectoryResolveTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();

    @BeforeEach
    void publish() {
        domain(new DirectoryEvent.DomainUpserted(1, "example.test", true));
        domain(new DirectoryEvent.DomainUpserted(1, "example.net", true, null, "example.test"));
        domain(new DirectoryEvent.DomainUpserted(1, "catch.test", true, "inbox@example.test", null));
        domain(new DirectoryEvent.DomainUpserted(1, "off.test", false, "inbox@example.test", null));
        domain(new DirectoryEvent.DomainUpserted(1, "dangling.test", true, null, "off.test"));
        mailbox("alice@example.test");
        mailbox("inbox@example.test");
        mailbox("postmaster@catch.test");
        alias("team@example.test", "alice@example.test", "bob@elsewhere.test");
    }

    @Test
    void anExactMailboxComesFirst() {
        assertThat(mailboxOf(directory.resolve("alice@example.test"))).isEqualTo("alice@example.test");
        assertThat(mailboxOf(directory.resolve("postmaster@catch.test"))).isEqualTo("postmaster@catch.test");
    }

    @Test
    void anAliasExpandsToItsTargetsUnresolved() {
        assertThat(directory.resolve("team@example.test")).isEqualTo(new Recipient.Alias("team@example.test",
                List.of("alice@example.test", "bob@elsewhere.test"), false));
    }

    @Test
    void anAliasDomainSharesItsTargetsMailboxesAndAliases() {
        assertThat(directory.isLocalDomain("example.net")).isTrue();
        assertThat(mailboxOf(directory.resolve("alice@example.net"))).isEqualTo("alice@example.test");
        assertThat(directory.resolve("team@example.net")).isInstanceOf(Recipient.Alias.class);
        assertThat(directory.resolve("nobody@example.net")).isEqualTo(new Recipient.Unknown("nobody@example.net"));
    }

    @Test
    void anExtensionAddressReachesItsBase() {
        assertThat(mailboxOf(directory.resolve("alice+lists@example.test"))).isEqualTo("alice@example.test");
        assertThat(directory.resolve("team+x@example.test")).isInstanceOf(Recipient.Alias.class);
        assertThat(directory.resolve("nobody+x@example.test")).isInstanceOf(Recipient.Unknown.class);
        assertThat(directory.resolve("+x@example.test")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void anExactAddressWithThePlusWinsOverTheBase() {
        mailbox("alice+lists@example.test");
        assertThat(mailboxOf(directory.resolve("alice+lists@example.test"))).isEqualTo("alice+lists@example.test");
    }

    @Test
    void theCatchAllTakesWhatNothingElseDid() {
        assertThat(directory.resolve("anything@catch.test"))
                .isEqualTo(new Recipient.Alias("anything@catch.test", List.of("inbox@example.test"), true));
        assertThat(directory.resolve("anything@example.test")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void aForeignDomainIsRemoteAndADisabledOrBrokenAliasDomainIsUnknown() {
        assertThat(directory.isLocalDomain("off.test")).isFalse();
        assertThat(directory.resolve("a@off.test")).isEqualTo(new Recipient.Unknown("a@off.test"));
        assertThat(directory.resolve("a@elsewhere.test")).isEqualTo(new Recipient.Remote("elsewhere.test"));
        assertThat(directory.resolve("alice@dangling.test")).isEqualTo(new Recipient.Unknown("alice@dangling.test"));
    }

    @Test
    void tombstonesRemoveAliasesAndCatchAllsGoWithTheirDomain() {
        directory.apply(DirectoryEvent.aliasKey("team@example.test"), null);
        assertThat(directory.resolve("team@example.test")).isInstanceOf(Recipient.Unknown.class);
        domain(new DirectoryEvent.DomainUpserted(1, "catch.test", true));
        assertThat(directory.resolve("anything@catch.test")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void forwardingAndAutoresponderReachTheEntry() {
        directory.apply(DirectoryEvent.mailboxKey("fwd@example.test"), new DirectoryEvent.MailboxUpserted(1,
                "fwd@example.test", "example.test", "fwd", true, null, null, null, null, List.of("x@elsewhere.test"),
                false, new DirectoryEvent.Autoresponder("Away", "Gone.", null, null, 3600)));
        MailboxEntry entry = ((Recipient.Mailbox) directory.resolve("fwd@example.test")).entry();
        assertThat(entry.id()).isNull();
        assertThat(entry.forwards()).isTrue();
        assertThat(entry.forwardTo()).containsExactly("x@elsewhere.test");
        assertThat(entry.keepCopy()).isFalse();
        assertThat(entry.autoresponder().subject()).isEqualTo("Away");
        assertThat(directory.mailbox("alice@example.test").orElseThrow().keepCopy()).isTrue();
    }

    @Test
    void theIncarnationIdReachesTheEntry() {
        directory.apply(DirectoryEvent.mailboxKey("new@example.test"), new DirectoryEvent.MailboxUpserted(1,
                "new@example.test", "example.test", "new", true, null, null, null, null, List.of(), null, null,
                "0b5e7c2a-6f1d-4c8e-9a3b-2d4f6e8a0c1e"));
        assertThat(directory.mailbox("new@example.test").orElseThrow().id())
                .isEqualTo("0b5e7c2a-6f1d-4c8e-9a3b-2d4f6e8a0c1e");
    }

    private void domain(DirectoryEvent.DomainUpserted event) {
        directory.apply(event.key(), event);
    }

    private void mailbox(String address) {
        String[] parts = address.split("@");
        DirectoryEvent.MailboxUpserted event = new DirectoryEvent.MailboxUpserted(1, address, parts[1], parts[0], true);
        directory.apply(event.key(), event);
    }

    private void alias(String address, String... targets) {
        String[] parts = address.split("@");
        DirectoryEvent.AliasUpserted event = new DirectoryEvent.AliasUpserted(1, address, parts[1], parts[0],
                List.of(targets));
        directory.apply(event.key(), event);
    }

    private static String mailboxOf(Recipient recipient) {
        assertThat(recipient).isInstanceOf(Recipient.Mailbox.class);
        return ((Recipient.Mailbox) recipient).entry().address();
    }
}
