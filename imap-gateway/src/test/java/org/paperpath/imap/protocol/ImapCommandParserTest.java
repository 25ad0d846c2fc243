package org.paperpath.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImapCommandParserTest {

    @Test
    void readsTagAndCaseInsensitiveName() {
        assertThat(ImapCommandParser.parse("a1 capability")).isEqualTo(new ImapCommand.Capability("a1"));
        assertThat(ImapCommandParser.parse("A.2 NOOP")).isEqualTo(new ImapCommand.Noop("A.2"));
        assertThat(ImapCommandParser.parse("x LogOut")).isEqualTo(new ImapCommand.Logout("x"));
    }

    @Test
    void otherCommandsAndArgumentsToKnownOnesAreUnsupportedButKeepTheirTag() {
        assertThat(ImapCommandParser.parse("a LOGIN bob secret")).isEqualTo(new ImapCommand.Unsupported("a", "LOGIN"));
        assertThat(ImapCommandParser.parse("a NOOP now")).isEqualTo(new ImapCommand.Unsupported("a", "NOOP"));
        assertThat(ImapCommandParser.parse("a ")).isEqualTo(new ImapCommand.Unsupported("a", ""));
    }

    @Test
    void linesWithoutAValidTagAreUntagged() {
        assertThat(ImapCommandParser.parse("")).isInstanceOf(ImapCommand.Untagged.class);
        assertThat(ImapCommandParser.parse("NOOP")).isInstanceOf(ImapCommand.Untagged.class);
        assertThat(ImapCommandParser.parse(" a NOOP")).isInstanceOf(ImapCommand.Untagged.class);
        assertThat(ImapCommandParser.parse("+ NOOP")).isInstanceOf(ImapCommand.Untagged.class);
        assertThat(ImapCommandParser.parse("a* NOOP")).isInstanceOf(ImapCommand.Untagged.class);
    }
}
