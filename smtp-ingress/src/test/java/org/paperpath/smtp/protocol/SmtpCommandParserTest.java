package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paperpath.model.MailAddress;

class SmtpCommandParserTest {

    private final SmtpCommandParser parser = new SmtpCommandParser();

    @Test
    void verbsAreCaseInsensitive() {
        assertThat(parser.parse("ehlo client.test")).isEqualTo(new SmtpCommand.Ehlo("client.test"));
        assertThat(parser.parse("QuIt")).isEqualTo(new SmtpCommand.Quit());
    }

    @Test
    void mailFromTakesTheNullSenderAndSizeAndBodyParameters() {
        assertThat(parser.parse("MAIL FROM:<>")).isEqualTo(new SmtpCommand.Mail(Optional.empty(), -1));
        assertThat(parser.parse("MAIL FROM: <a@b.test> SIZE=1234 BODY=8BITMIME"))
                .isEqualTo(new SmtpCommand.Mail(Optional.of(new MailAddress("a", "b.test")), 1234));
    }

    @Test
    void unknownMailParameterIsRefusedWith555() {
        assertThat(reply(parser.parse("MAIL FROM:<a@b.test> SMTPUTF8")).code()).isEqualTo(555);
    }

    @Test
    void sourceRouteIsRefusedWith501() {
        SmtpReply reply = reply(parser.parse("RCPT TO:<@hop.test:a@b.test>"));
        assertThat(reply.code()).isEqualTo(501);
        assertThat(reply.lines().get(0)).startsWith("5.1.3 ");
    }

    @Test
    void quotedLocalPartWithAngleBracketParses() {
        assertThat(parser.parse("RCPT TO:<\"a>b\"@b.test>"))
                .isEqualTo(new SmtpCommand.Rcpt(new MailAddress("a>b", "b.test")));
    }

    @Test
    void pathWithoutAngleBracketsIsASyntaxError() {
        assertThat(reply(parser.parse("RCPT TO:a@b.test")).lines().get(0)).startsWith("5.5.4 ");
    }

    @Test
    void bareLfInsideAHeloNameCannotReachTheReceivedHeader() {
        assertThat(parser.parse("HELO x\nX-Injected: yes")).isInstanceOf(SmtpCommand.Malformed.class);
    }

    @Test
    void unknownVerbIsUnknown() {
        assertThat(parser.parse("EXPN staff")).isInstanceOf(SmtpCommand.Unknown.class);
    }

    private static SmtpReply reply(SmtpCommand command) {
        assertThat(command).isInstanceOf(SmtpCommand.Malformed.class);
        return ((SmtpCommand.Malformed) command).reply();
    }
}
