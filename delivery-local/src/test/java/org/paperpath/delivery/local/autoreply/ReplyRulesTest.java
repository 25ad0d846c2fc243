package org.paperpath.delivery.local.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ReplyRulesTest {

    private static final Predicate<String> ALICE = Set.of("alice@example.org", "a.smith@example.org")::contains;

    private static Optional<Suppression> check(String sender, String header) throws IOException {
        MessageHeader parsed = MessageHeader.read(new ByteArrayInputStream(
                (header + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8)));
        return ReplyRules.check(sender, parsed, ALICE);
    }

    @Test
    void personalMailAddressedToTheMailboxGetsAReply() throws IOException {
        assertThat(check("bob@remote.net", "From: Bob <bob@remote.net>\r\nTo: Alice <alice@example.org>")).isEmpty();
        assertThat(check("bob@remote.net", "To: x@y.org\r\nCc: \"A\" <A.Smith@Example.org>")).isEmpty();
        assertThat(check("bob@remote.net", "To: undisclosed:;\r\nBcc: alice@example.org")).isEmpty();
        assertThat(check("bob@remote.net", "Resent-To: alice@example.org")).isEmpty();
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nAuto-Submitted: no")).isEmpty();
    }

    @Test
    void theNullSenderNeverGetsAReply() throws IOException {
        assertThat(check("", "To: alice@example.org")).contains(Suppression.NULL_SENDER);
        assertThat(check(null, "To: alice@example.org")).contains(Suppression.NULL_SENDER);
    }

    @Test
    void daemonsListsAndNoReplySendersGetNoReply() throws IOException {
        for (String sender : new String[] {"MAILER-DAEMON@remote.net", "postmaster@remote.net", "noreply@shop.test",
                "owner-list@lists.test", "list-request@lists.test", "news-bounces@lists.test",
                "alice@example.org"}) {
            assertThat(check(sender, "To: alice@example.org")).as(sender).contains(Suppression.DAEMON_SENDER);
        }
    }

    @Test
    void autoSubmittedOtherThanNoGetsNoReply() throws IOException {
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nAuto-Submitted: auto-replied"))
                .contains(Suppression.AUTO_SUBMITTED);
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nauto-submitted: Auto-Generated (cron)"))
                .contains(Suppression.AUTO_SUBMITTED);
    }

    @Test
    void bulkListAndJunkPrecedenceGetNoReply() throws IOException {
        for (String precedence : new String[] {"bulk", "List", "junk"}) {
            assertThat(check("bob@remote.net", "To: alice@example.org\r\nPrecedence: " + precedence))
                    .contains(Suppression.PRECEDENCE);
        }
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nPrecedence: first-class")).isEmpty();
    }

    @Test
    void mailingListHeadersGetNoReply() throws IOException {
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nList-Id: <l.lists.test>"))
                .contains(Suppression.LIST);
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nList-Unsubscribe: <mailto:u@lists.test>"))
                .contains(Suppression.LIST);
    }

    @Test
    void anExplicitRequestToSuppressOutOfOfficeRepliesIsHonoured() throws IOException {
        assertThat(check("bob@remote.net", "To: alice@example.org\r\nX-Auto-Response-Suppress: OOF, DR"))
                .contains(Suppression.SUPPRESS_REQUESTED);
    }

    @Test
    void mailNotAddressedToTheMailboxOrAnAliasGetsNoReply() throws IOException {
        assertThat(check("bob@remote.net", "To: team@example.org")).contains(Suppression.NOT_ADDRESSED);
        assertThat(check("bob@remote.net", "Subject: no recipients at all")).contains(Suppression.NOT_ADDRESSED);
        assertThat(check("bob@remote.net", "To: \"alice@example.org\" <eve@evil.test>"))
                .contains(Suppression.NOT_ADDRESSED);
        assertThat(check("bob@remote.net", "To: eve@evil.test (alice@example.org)"))
                .contains(Suppression.NOT_ADDRESSED);
    }

    @Test
    void aFoldedToFieldIsUnfolded() throws IOException {
        assertThat(check("bob@remote.net", "To: x@y.org,\r\n\tAlice <alice@example.org>")).isEmpty();
    }
}
