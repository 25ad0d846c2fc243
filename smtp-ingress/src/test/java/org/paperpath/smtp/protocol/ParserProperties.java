package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;

/**
 * Fuzzes the command parser and the address parser: whatever arrives, the command parser answers a
 * command (never an exception) that carries no line break and no control character, and the
 * address parser answers an address that survives a round trip, or {@link InvalidAddressException}.
 */
class ParserProperties {

    private static final String TRICKY = "<>@:\"\\%=+;, .[]!#-_aZ09\r\n\t\u0000\u007f\u00e9\u4e2d\uFFFD\u2028";

    private final SmtpCommandParser parser = new SmtpCommandParser();

    @Property(tries = 2000)
    void anyLineIsACommandWithoutControlCharacters(@ForAll @StringLength(max = 600) String line) {
        assertClean(parser.parse(line));
    }

    @Property(tries = 5000)
    void smtpLikeLinesAreCommandsWithoutControlCharacters(@ForAll("smtpLines") String line) {
        SmtpCommand command = parser.parse(line);
        assertClean(command);
        if (command instanceof SmtpCommand.Malformed malformed) {
            assertThat(malformed.reply().code()).isBetween(500, 599);
            assertThat(malformed.reply().lines().get(0)).matches("5\\.\\d\\.\\d+ .*");
        }
    }

    @Property(tries = 5000)
    void addressesParseOrAreRefusedWithTheDocumentedError(@ForAll("addressLike") String text) {
        MailAddress address;
        try {
            address = MailAddress.parse(text);
        } catch (InvalidAddressException expected) {
            return;
        }
        assertThat(address.localPart() + address.domain()).doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        assertThat(MailAddress.parse(address.toString())).isEqualTo(address);
    }

    @Provide
    Arbitrary<String> smtpLines() {
        Arbitrary<String> verb = Arbitraries.of("MAIL FROM:", "RCPT TO:", "mail from: ", "rcpt to:<", "BDAT ", "EHLO ",
                "HELO ", "DATA", "VRFY ", "NOOP", "QUIT", "RSET", "XYZZY ", "");
        Arbitrary<String> parameter = Arbitraries.of("SIZE=", "SIZE=1000", "BODY=8BITMIME", "BODY=", "SMTPUTF8",
                "RET=HDRS", "RET=", "ENVID=", "ENVID=a+2Bb", "REQUIRETLS", "NOTIFY=", "NOTIFY=SUCCESS,DELAY",
                "NOTIFY=NEVER", "ORCPT=rfc822;", "ORCPT=rfc822;a+40b", "LAST", "+0A", "+0D", "=", "99999999999999999999");
        return Combinators.combine(verb, addressLike(), parameter.list().ofMaxSize(4), noise())
                .as((v, path, parameters, tail) -> v + "<" + path + "> " + String.join(" ", parameters) + tail);
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> local = Arbitraries.oneOf(noise(), Arbitraries.of("user", "\"a b\"", "\"a@b\"", "a%b",
                "\"\\\"\"", "postmaster", "", ".a", "a..b", "@a.test:u", "x".repeat(65)));
        Arbitrary<String> domain = Arbitraries.oneOf(noise(), Arbitraries.of("example.test", "[127.0.0.1]",
                "[IPv6:::1]", "b\u00fccher.test", "a-.test", "", "x.", "[", "[]", "a".repeat(64) + ".test"));
        return Combinators.combine(local, Arbitraries.of("@", "@@", "", "@\"@"), domain).as((l, at, d) -> l + at + d);
    }

    private static Arbitrary<String> noise() {
        return Arbitraries.strings().withChars(TRICKY).ofMaxLength(20);
    }

    private static void assertClean(SmtpCommand command) {
        assertThat(command).isNotNull();
        for (String text : strings(command)) {
            assertThat(text).as("text inside %s", command).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f\\x7f]");
        }
    }

    /** Every string inside a command: record components, optionals and collections, recursively. */
    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String text) {
            out.add(text);
        } else if (value instanceof Optional<?> optional) {
            optional.ifPresent(inner -> out.addAll(strings(inner)));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(inner -> out.addAll(strings(inner)));
        } else if (value != null && value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                try {
                    out.addAll(strings(component.getAccessor().invoke(value)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
