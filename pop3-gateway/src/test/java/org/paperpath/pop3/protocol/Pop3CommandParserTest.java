package org.paperpath.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3CommandParserTest {

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(Pop3CommandParser.parse("stat")).isEqualTo(new Pop3Command.Stat());
        assertThat(Pop3CommandParser.parse("QuIt")).isEqualTo(new Pop3Command.Quit());
        assertThat(Pop3CommandParser.parse("capa")).isEqualTo(new Pop3Command.Capa());
    }

    @Test
    void userTakesOneName() {
        assertThat(Pop3CommandParser.parse("USER alice@example.test"))
                .isEqualTo(new Pop3Command.User("alice@example.test"));
        assertThat(Pop3CommandParser.parse("USER")).isInstanceOf(Pop3Command.Malformed.class);
        assertThat(Pop3CommandParser.parse("USER a b")).isInstanceOf(Pop3Command.Malformed.class);
    }

    @Test
    void passKeepsSpacesInThePassword() {
        assertThat(Pop3CommandParser.parse("PASS  two words ")).isEqualTo(new Pop3Command.Pass(" two words "));
        assertThat(Pop3CommandParser.parse("PASS")).isInstanceOf(Pop3Command.Malformed.class);
    }

    @Test
    void passwordNeverShowsInToString() {
        assertThat(Pop3CommandParser.parse("PASS hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void listAndUidlTakeAnOptionalMessageNumber() {
        assertThat(Pop3CommandParser.parse("LIST")).isEqualTo(new Pop3Command.List(0));
        assertThat(Pop3CommandParser.parse("LIST 3")).isEqualTo(new Pop3Command.List(3));
        assertThat(Pop3CommandParser.parse("UIDL")).isEqualTo(new Pop3Command.Uidl(0));
        assertThat(Pop3CommandParser.parse("UIDL 12")).isEqualTo(new Pop3Command.Uidl(12));
        assertThat(Pop3CommandParser.parse("LIST 0")).isInstanceOf(Pop3Command.Malformed.class);
        assertThat(Pop3CommandParser.parse("UIDL 1 2")).isInstanceOf(Pop3Command.Malformed.class);
    }

    @Test
    void retrDeleAndTopNeedNumbers() {
        assertThat(Pop3CommandParser.parse("RETR 1")).isEqualTo(new Pop3Command.Retr(1));
        assertThat(Pop3CommandParser.parse("DELE 2")).isEqualTo(new Pop3Command.Dele(2));
        assertThat(Pop3CommandParser.parse("TOP 1 0")).isEqualTo(new Pop3Command.Top(1, 0));
        assertThat(Pop3CommandParser.parse("RETR")).isInstanceOf(Pop3Command.Malformed.class);
        assertThat(Pop3CommandParser.parse("TOP 1")).isInstanceOf(Pop3Command.Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RETR x", "RETR -1", "RETR 0", "RETR 1x", "RETR 99999999999", "DELE +1", "TOP 1 -1"})
    void badNumbersAreMalformedNotExceptions(String line) {
        assertThat(Pop3CommandParser.parse(line)).isInstanceOf(Pop3Command.Malformed.class);
    }

    @Test
    void argumentsOnCommandsWithoutArgumentsAreMalformed() {
        assertThat(Pop3CommandParser.parse("STAT 1")).isInstanceOf(Pop3Command.Malformed.class);
        assertThat(Pop3CommandParser.parse("QUIT now")).isInstanceOf(Pop3Command.Malformed.class);
    }

    @Test
    void unknownKeywordsAndEmptyLinesAreUnknown() {
        assertThat(Pop3CommandParser.parse("APOP a b")).isEqualTo(new Pop3Command.Unknown("APOP"));
        assertThat(Pop3CommandParser.parse("")).isEqualTo(new Pop3Command.Unknown(""));
    }

    @Test
    void everyCommandTypeHasAHandler() {
        // Pop3Protocol refuses to start with a command type nobody handles.
        assertThat(org.paperpath.pop3.protocol.handler.Pop3Handlers.protocol(
                (u, p, s, ip) -> new org.paperpath.account.client.AuthResult.Rejected("no"),
                (d, l) -> { throw new java.io.IOException("unused"); }, Pop3Events.NONE)).isNotNull();
    }
}
