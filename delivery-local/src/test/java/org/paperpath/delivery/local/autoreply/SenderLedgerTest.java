package org.paperpath.delivery.local.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderLedgerTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path state;

    private SenderLedger ledger() {
        return new SenderLedger(state, new DurableFiles(state.resolve("tmp")));
    }

    @Test
    void aSenderIsClaimedOncePerIntervalWhateverTheCase() throws IOException {
        assertThat(ledger().claim("bob@remote.net", "Q1 alice@example.org", T0, DAY)).isTrue();
        assertThat(ledger().claim("Bob@Remote.NET", "Q2 alice@example.org", T0.plusSeconds(3600), DAY)).isFalse();
        assertThat(ledger().claim("carol@remote.net", "Q2 alice@example.org", T0.plusSeconds(3600), DAY)).isTrue();
    }

    @Test
    void theSameDeliveryFindsItsOwnClaimOnARetry() throws IOException {
        assertThat(ledger().claim("bob@remote.net", "Q1 alice@example.org", T0, DAY)).isTrue();
        assertThat(ledger().claim("bob@remote.net", "Q1 alice@example.org", T0.plusSeconds(5), DAY)).isTrue();
    }

    @Test
    void afterTheIntervalANewClaimReplacesTheOldAndItsMtimeIsTheReplyTime() throws IOException {
        ledger().claim("bob@remote.net", "Q1 alice@example.org", T0, DAY);
        Instant later = T0.plus(DAY);

        assertThat(ledger().claim("bob@remote.net", "Q2 alice@example.org", later, DAY)).isTrue();

        Path file = state.resolve("senders").resolve(DurableFiles.nameOf("bob@remote.net"));
        assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(later);
        assertThat(ledger().claim("bob@remote.net", "Q3 alice@example.org", later.plusSeconds(1), DAY)).isFalse();
        try (Stream<Path> left = Stream.concat(Files.list(state.resolve("senders")), Files.list(state.resolve("tmp")))) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void aZeroIntervalRepliesEveryTime() throws IOException {
        assertThat(ledger().claim("bob@remote.net", "Q1 a@b.org", T0, Duration.ZERO)).isTrue();
        assertThat(ledger().claim("bob@remote.net", "Q2 a@b.org", T0, Duration.ZERO)).isTrue();
    }
}
