package org.paperpath.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveredToScanTest {

    private static boolean scan(String message, String... addresses) throws IOException {
        return DeliveredToScan.contains(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), addresses);
    }

    @Test
    void aDeliveredToOfTheRecipientInTheHeaderIsALoopWhateverTheCase() throws IOException {
        assertThat(scan("Received: x\r\nDELIVERED-TO: Alice@Example.org\r\n\r\nbody\r\n", "alice@example.org")).isTrue();
        assertThat(scan("delivered-to: <alice@example.org>\n\nbody\n", "alice@example.org")).isTrue();
    }

    @Test
    void anotherRecipientIsNoLoop() throws IOException {
        assertThat(scan("Delivered-To: bob@example.org\r\n\r\n", "alice@example.org")).isFalse();
    }

    @Test
    void aDeliveredToInTheBodyIsNoLoop() throws IOException {
        assertThat(scan("Subject: x\r\n\r\nDelivered-To: alice@example.org\r\n", "alice@example.org")).isFalse();
    }

    @Test
    void aFoldedFieldIsUnfolded() throws IOException {
        assertThat(scan("Delivered-To:\r\n alice@example.org\r\nSubject: x\r\n\r\n", "alice@example.org")).isTrue();
    }

    @Test
    void theLastFieldOfAHeaderWithoutBodyIsChecked() throws IOException {
        assertThat(scan("Subject: x\r\nDelivered-To: alice@example.org", "alice@example.org")).isTrue();
    }
}
