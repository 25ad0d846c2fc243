package org.paperpath.sendmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    private static List<String> read(String input, boolean ignoreDots) throws IOException {
        return MessageReader.read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), ignoreDots);
    }

    @Test
    void aLoneDotEndsTheMessageWithoutDashI() throws Exception {
        assertThat(read("Subject: x\n\nbody\n.\nnot read\n", false)).containsExactly("Subject: x", "", "body");
    }

    @Test
    void withDashIALoneDotIsJustALine() throws Exception {
        assertThat(read("Subject: x\n\nbody\n.\nstill read\n", true)).containsExactly("Subject: x", "", "body", ".", "still read");
    }

    @Test
    void crlfAndLfEndingsBothWorkAndALastLineNeedsNoNewline() throws Exception {
        assertThat(read("a\r\nb\nc", false)).containsExactly("a", "b", "c");
        assertThat(read("a\r\n.\r\n", false)).containsExactly("a");
    }

    @Test
    void linesStartingWithADotAreKeptAsTheyAre() throws Exception {
        assertThat(read("..two\n.one\n", false)).containsExactly("..two", ".one");
    }

    @Test
    void eightBitBytesSurviveUnchanged() throws Exception {
        List<String> lines = read("Grüße\n", false);
        assertThat(lines.get(0).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));
    }
}
