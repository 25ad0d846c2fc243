package org.paperpath.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueEntryCodecTest {

    @Test
    void anEntryRoundTripsWithRecipientOrderAndStates() {
        Map<String, RecipientState> recipients = new LinkedHashMap<>();
        recipients.put("b@x.org", RecipientState.pending());
        recipients.put("a@x.org", RecipientState.failed("no such mailbox"));
        QueueEntry entry = new QueueEntry(1, "0123456789AB0123456789AB", "AB/0123456789AB0123456789AB", "s@y.org",
                Instant.parse("2026-11-25T10:00:00Z"), recipients);

        QueueEntry decoded = QueueEntryCodec.decode(QueueEntryCodec.encode(entry));

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.recipients().keySet()).containsExactly("b@x.org", "a@x.org");
        assertThat(decoded.isFinal()).isFalse();
        assertThat(decoded.with("b@x.org", new RecipientState(RecipientState.Status.DELIVERED, "ok")).isFinal()).isTrue();
    }

    @Test
    void anUnknownVersionIsRefused() {
        byte[] json = "{\"v\":2,\"queueId\":\"x\",\"recipients\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> QueueEntryCodec.decode(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoredRouteRoundTripsAndAStateWithoutOneStillDecodes() {
        Map<String, RecipientState> recipients = new LinkedHashMap<>();
        recipients.put("carol@x.org", RecipientState.of(new Route.Local("team@x.org", "carol@x.org", "carol@x.org")));
        recipients.put("y@z.net", RecipientState.of(new Route.Remote("carol@x.org", "y@z.net", "z.net")));
        QueueEntry entry = new QueueEntry(1, "0123456789AB0123456789AB", "AB/0123456789AB0123456789AB", "s@y.org",
                Instant.parse("2026-11-25T10:00:00Z"), recipients);

        QueueEntry decoded = QueueEntryCodec.decode(QueueEntryCodec.encode(entry));

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.recipients().get("y@z.net").route("y@z.net"))
                .contains(new Route.Remote("carol@x.org", "y@z.net", "z.net"));
        byte[] before = ("{\"v\":1,\"queueId\":\"0123456789AB0123456789AB\",\"recipients\":"
                + "{\"a@x.org\":{\"status\":\"PENDING\"}}}").getBytes(StandardCharsets.UTF_8);
        assertThat(QueueEntryCodec.decode(before).recipients().get("a@x.org")).isEqualTo(RecipientState.pending());
        assertThat(RecipientState.pending().route("a@x.org")).isEmpty();
    }
}
