package org.paperpath.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire format of every topic record, pinned by golden files: a change that breaks a reader on the
 * other side of a rolling upgrade fails here first. Each golden file must decode to the record and the
 * record must encode to the golden file.
 */
class EventCodecGoldenTest {

    private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void messageAccepted() throws IOException {
        assertGolden("message-accepted.json", new MessageAccepted(1, "019ABCDEF0120123456789AB", "bob@sender.test",
                List.of("alice@example.test"), "AB/019ABCDEF0120123456789AB", 1234, AT, "192.0.2.1", "client.sender.test"),
                MessageAccepted.class);
    }

    @Test
    void messageAcceptedWithDsnAndEsmtpParameters() throws IOException {
        MessageAccepted.Dsn dsn = new MessageAccepted.Dsn("HDRS", "QQ314159", List.of(
                new MessageAccepted.Dsn.Recipient(List.of("SUCCESS", "FAILURE"), "rfc822;Alice@example.test"),
                new MessageAccepted.Dsn.Recipient(List.of(), null)));
        assertGolden("message-accepted-esmtp.json", new MessageAccepted(1, "019ABCDEF0120123456789AB",
                "bob@sender.test", List.of("alice@example.test", "carol@example.test"), "AB/019ABCDEF0120123456789AB",
                1234, AT, "192.0.2.1", "client.sender.test", dsn, new MessageAccepted.Esmtp("8BITMIME", true, true),
                "bob@sender.test"), MessageAccepted.class);
    }

    @Test
    void aRecordWithoutTheLaterFieldsDecodesWithThemAbsent() {
        byte[] old = ("{\"v\":1,\"queueId\":\"q\",\"sender\":\"\",\"recipients\":[\"a@b.test\"],\"spoolRef\":\"r\","
                + "\"size\":1,\"acceptedAt\":\"2026-11-25T12:00:00Z\",\"clientAddress\":\"c\",\"heloName\":\"h\"}")
                .getBytes(StandardCharsets.UTF_8);
        MessageAccepted decoded = EventCodec.decode(old, MessageAccepted.class);
        assertThat(decoded.dsn()).isNull();
        assertThat(decoded.esmtp()).isNull();
    }

    @Test
    void esmtpDefaultsAreLeftOutOfTheJson() {
        MessageAccepted event = new MessageAccepted(1, "q", "", List.of("a@b.test"), "r", 1, AT, "c", "h", null,
                new MessageAccepted.Esmtp("7BIT", false, false));
        assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8)).endsWith("\"esmtp\":{\"body\":\"7BIT\"}}");
        assertThat(EventCodec.decode(EventCodec.encode(event), MessageAccepted.class)).isEqualTo(event);
    }

    @Test
    void dsnRecipientsMustMatchTheRecipients() {
        assertThatThrownBy(() -> new MessageAccepted(1, "q", "", List.of("a@b.test"), "r", 1, AT, "c", "h",
                new MessageAccepted.Dsn(null, null, List.of()), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localDelivery() throws IOException {
        assertGolden("local-delivery.json", new LocalDelivery(1, "019ABCDEF0120123456789AB", "Alice@example.test",
                "alice@example.test", "bob@sender.test", "AB/019ABCDEF0120123456789AB", AT, 1), LocalDelivery.class);
    }

    @Test
    void remoteDelivery() throws IOException {
        assertGolden("remote-delivery.json", new RemoteDelivery(1, "019ABCDEF0120123456789AB", "carol@remote.test",
                "remote.test", "bob@sender.test", "AB/019ABCDEF0120123456789AB", AT, 1), RemoteDelivery.class);
    }

    @Test
    void deliveryResult() throws IOException {
        assertGolden("delivery-result.json", new DeliveryResult(1, "019ABCDEF0120123456789AB", "alice@example.test",
                DeliveryResult.Outcome.DELIVERED, "ok", AT), DeliveryResult.class);
    }

    @Test
    void directoryEvents() throws IOException {
        assertGolden("directory-domain.json", new DirectoryEvent.DomainUpserted(1, "example.test", true), DirectoryEvent.class);
        assertGolden("directory-mailbox.json",
                new DirectoryEvent.MailboxUpserted(1, "alice@example.test", "example.test", "alice", true),
                DirectoryEvent.class);
        assertGolden("directory-mailbox-limits.json", new DirectoryEvent.MailboxUpserted(1, "alice@example.test",
                "example.test", "alice", true, 104857600L, 94371840L, 10000L, 26214400L), DirectoryEvent.class);
        assertGolden("directory-domain-catch-all.json",
                new DirectoryEvent.DomainUpserted(1, "example.test", true, "postmaster@example.test", null),
                DirectoryEvent.class);
        assertGolden("directory-alias-domain.json",
                new DirectoryEvent.DomainUpserted(1, "example.net", true, null, "example.test"), DirectoryEvent.class);
        assertGolden("directory-mailbox-forwarding.json", new DirectoryEvent.MailboxUpserted(1, "alice@example.test",
                "example.test", "alice", true, null, null, null, null, List.of("alice@elsewhere.test"), false,
                new DirectoryEvent.Autoresponder("Away", "Back on Monday.\n", Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-15T00:00:00Z"), 86400), "0b5e7c2a-6f1d-4c8e-9a3b-2d4f6e8a0c1e"),
                DirectoryEvent.class);
        assertGolden("directory-alias.json", new DirectoryEvent.AliasUpserted(1, "team@example.test", "example.test",
                "team", List.of("alice@example.test", "bob@elsewhere.test")), DirectoryEvent.class);
    }

    @Test
    void aMailboxWithSomeLimitsLeavesTheOthersOutOfTheJson() {
        DirectoryEvent.MailboxUpserted event = new DirectoryEvent.MailboxUpserted(1, "a@b.test", "b.test", "a", true,
                1000L, null, null, null);
        assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8)).endsWith("\"enabled\":true,\"quotaBytes\":1000}");
        assertThat(EventCodec.decode(EventCodec.encode(event), DirectoryEvent.class)).isEqualTo(event);
    }

    @Test
    void mailboxChanged() throws IOException {
        assertGolden("mailbox-changed.json", new MailboxChanged(1, "alice@example.test", "INBOX", "delivered", AT),
                MailboxChanged.class);
    }

    @Test
    void anUnknownVersionIsRefusedNotGuessed() {
        byte[] v2 = "{\"v\":2,\"queueId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCodec.decode(v2, DeliveryResult.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    }

    @Test
    void garbageIsRefusedWithAClearError() {
        assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8), MessageAccepted.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MessageAccepted");
    }

    private static <T extends PaperpathEvent> void assertGolden(String file, T event, Class<? super T> type)
            throws IOException {
        String golden;
        try (InputStream in = EventCodecGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file " + file).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        @SuppressWarnings("unchecked")
        Class<PaperpathEvent> decodeAs = (Class<PaperpathEvent>) type;
        assertThat(EventCodec.decode(golden.getBytes(StandardCharsets.UTF_8), decodeAs)).isEqualTo(event);
        assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8)).isEqualTo(golden);
    }
}
