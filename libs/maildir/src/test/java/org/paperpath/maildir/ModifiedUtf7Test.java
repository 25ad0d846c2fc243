package org.paperpath.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModifiedUtf7Test {

    @Test
    void rfc3501Section5_1_3Examples() {
        assertThat(ModifiedUtf7.encode("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).contains("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e");
        assertThat(ModifiedUtf7.encode("R&D")).isEqualTo("R&-D");
        assertThat(ModifiedUtf7.decode("R&-D")).contains("R&D");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Entw\u00fcrfe", "\ud83d\udce8 Post", "a\u00e9b\u00e9c", "&", "\u00e9&\u00e9", "\u0001"})
    void everyNameSurvivesTheRoundTrip(String name) {
        assertThat(ModifiedUtf7.decode(ModifiedUtf7.encode(name))).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&AGE-",        // printable ASCII encoded
        "&AOk-&AOk-",   // two adjacent runs
        "&AOk",         // unterminated
        "&AO-",         // stray bits
        "&2D0-",        // lone high surrogate
        "&AC8-",        // encoded '/': printable ASCII, not canonical
        "caf\u00e9",    // raw 8-bit
        "&A*k-"})       // not in the alphabet
    void nonCanonicalSpellingsAreRejected(String encoded) {
        assertThat(ModifiedUtf7.decode(encoded)).isEmpty();
    }
}
