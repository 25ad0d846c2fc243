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
}
