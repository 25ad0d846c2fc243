package org.paperpath.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailAddressTest {

    @Test
    void aUnicodeDomainHasTheSameKeyAsItsALabel() {
        MailAddress unicode = MailAddress.parse("Leser@Bücher.example");
        assertThat(unicode.domain()).isEqualTo("bücher.example");
        assertThat(unicode.key()).isEqualTo("leser@xn--bcher-kva.example");
        assertThat(MailAddress.parse("leser@xn--bcher-kva.example").key()).isEqualTo(unicode.key());
        assertThat(MailAddress.parse("a@example.test").asciiDomain()).isEqualTo("example.test");
    }

    @Test
    void parsesADotAtomAndLowerCasesTheDomainOnly() {
        MailAddress address = MailAddress.parse("Alice.Smith@Example.TEST");
        assertThat(address.localPart()).isEqualTo("Alice.Smith");
        assertThat(address.domain()).isEqualTo("example.test");
        assertThat(address.key()).isEqualTo("alice.smith@example.test");
        assertThat(address).hasToString("Alice.Smith@example.test");
    }

    @Test
    void keepsAQuotedLocalPartUnquotedAndQuotesItAgainOnOutput() {
        MailAddress address = MailAddress.parse("\"john doe\"@example.test");
        assertThat(address.localPart()).isEqualTo("john doe");
        assertThat(address).hasToString("\"john doe\"@example.test");
    }

    @Test
    void acceptsAnAddressLiteral() {
        assertThat(MailAddress.parse("postmaster@[127.0.0.1]").domain()).isEqualTo("[127.0.0.1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "@example.test", "alice@", "a..b@example.test", ".a@example.test",
            "a.@example.test", "@relay.test:alice@example.test", "alice@exa mple.test", "alice@-bad.test",
            "alice@example.test.", "al ice@example.test", "alice@@example.test", "\"unterminated@example.test",
            "alice@[]", "a\u0000b@example.test", "alice@exa_mple.test"})
    void refusesWhatIsNotAnRfc5321Mailbox(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void refusesALocalPartOver64Octets() {
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(65) + "@example.test"))
                .isInstanceOf(InvalidAddressException.class);
        assertThat(MailAddress.parse("a".repeat(64) + "@example.test").localPart()).hasSize(64);
    }

    @Property
    void anyParsedAddressRoundTripsThroughItsText(@ForAll("addresses") String text) {
        MailAddress address = MailAddress.parse(text);
        assertThat(MailAddress.parse(address.toString())).isEqualTo(address);
    }

    @Property(tries = 2000)
    void arbitraryTextEitherParsesOrIsRefusedCleanly(@ForAll String text) {
        try {
            MailAddress address = MailAddress.parse(text);
            assertThat(address.localPart()).isNotEmpty().doesNotContain("\u0000");
            assertThat(address.domain()).doesNotContain("/", "\\", " ");
        } catch (InvalidAddressException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> atom = Arbitraries.strings().withChars("abcXYZ019!#$%&'*+-/=?^_`{|}~").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> local = atom.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts))
                .filter(s -> s.length() <= 64);
        Arbitrary<String> label = Arbitraries.strings().withChars("abcxyz0129").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> domain = label.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join(".", parts));
        return local.flatMap(l -> domain.map(d -> l + "@" + d));
    }
}
