package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paperpath.model.MailAddress;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.RcptParameters;

class SmtpCommandParserTest {

    private final SmtpCommandParser parser = new SmtpCommandParser();

    @Test
    void verbsAreCaseInsensitive() {
        assertThat(parser.parse("ehlo client.test")).isEqualTo(new SmtpCommand.Ehlo("client.test"));
        assertThat(parser.parse("QuIt")).isEqualTo(new SmtpCommand.Quit());
    }

    @Test
    void mailFromTakesTheNullSenderAndSizeAndBodyParameters() {
        assertThat(parser.parse("MAIL FROM:<>")).isEqualTo(new SmtpCommand.Mail(Optional.empty(), MailParameters.NONE));
        assertThat(parser.parse("MAIL FROM: <a@b.test> SIZE=1234 BODY=8BITMIME"))
                .isEqualTo(new SmtpCommand.Mail(Optional.of(new MailAddress("a", "b.test")), new MailParameters(1234,
                        Optional.of(MailParameters.Body.EIGHT_BIT_MIME), false, Optional.empty(), Optional.empty(), false)));
    }

    @Test
    void unknownMailParameterIsRefusedWith555() {
        assertThat(reply(parser.parse("MAIL FROM:<a@b.test> X-FROB=1")).code()).isEqualTo(555);
        assertThat(reply(parser.parse("RCPT TO:<a@b.test> SIZE=1")).code()).isEqualTo(555);
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
        assertThat(parser.parse("FROB staff")).isInstanceOf(SmtpCommand.Unknown.class);
        assertThat(parser.parse("TURN")).isInstanceOf(SmtpCommand.Unknown.class);
    }

    @Test
    void helpExpnAndEtrnAreRecognized() {
        assertThat(parser.parse("HELP")).isEqualTo(new SmtpCommand.Help(""));
        assertThat(parser.parse("help mail")).isEqualTo(new SmtpCommand.Help("mail"));
        assertThat(parser.parse("EXPN staff")).isEqualTo(new SmtpCommand.NotImplemented("EXPN"));
        assertThat(parser.parse("expn")).isEqualTo(new SmtpCommand.NotImplemented("EXPN"));
        assertThat(parser.parse("ETRN example.test")).isEqualTo(new SmtpCommand.NotImplemented("ETRN"));
    }

    @Test
    void bdatTakesASizeAndAnOptionalLast() {
        assertThat(parser.parse("BDAT 0")).isEqualTo(new SmtpCommand.Bdat(0, false));
        assertThat(parser.parse("bdat 1024 last")).isEqualTo(new SmtpCommand.Bdat(1024, true));
        assertThat(reply(parser.parse("BDAT")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("BDAT -1")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("BDAT 1 LAST x")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("BDAT 9999999999999999999")).code()).isEqualTo(501);
    }

    @Test
    void bareThePostmasterIsARecipientWithoutAddress() {
        assertThat(parser.parse("RCPT TO:<Postmaster>"))
                .isEqualTo(new SmtpCommand.Rcpt(Optional.empty(), RcptParameters.NONE));
        assertThat(reply(parser.parse("RCPT TO:<webmaster>")).code()).isEqualTo(501);
    }

    @Test
    void nonAsciiSenderNeedsTheSmtputf8Parameter() {
        assertThat(reply(parser.parse("MAIL FROM:<jörg@b.test>")).lines().get(0)).startsWith("5.6.7 ");
        assertThat(parser.parse("MAIL FROM:<jörg@b.test> SMTPUTF8")).isInstanceOf(SmtpCommand.Mail.class);
    }

    @Test
    void parametersMustBeSeparatedFromThePathBySpace() {
        assertThat(reply(parser.parse("MAIL FROM:<a@b.test>SIZE=1")).code()).isEqualTo(501);
    }

    @Test
    void orcptAndEnvidAreXtextDecodedAndMayNotDecodeToControlCharacters() {
        SmtpCommand rcpt = parser.parse("RCPT TO:<a@b.test> ORCPT=rfc822;a+2Bb@c.test");
        assertThat(((SmtpCommand.Rcpt) rcpt).parameters().orcpt()).contains("rfc822;a+b@c.test");
        assertThat(reply(parser.parse("RCPT TO:<a@b.test> ORCPT=rfc822;a+0D+0Ab@c.test")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("MAIL FROM:<> ENVID=x+0A")).code()).isEqualTo(501);
    }

    @Test
    void theAuthParameterOfMailIsXtextDecodedAndMustBeTheNullPathOrAnAddress() {
        assertThat(parser.parse("MAIL FROM:<a@b.test> AUTH=<>")).isEqualTo(new SmtpCommand.Mail(
                Optional.of(new MailAddress("a", "b.test")), MailParameters.NONE, Optional.of("<>")));
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> auth=c+2Bx@b.test SIZE=5")).authParameter())
                .contains("c+x@b.test");
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> SIZE=5")).authParameter()).isEmpty();
        for (String bad : new String[] {"AUTH", "AUTH=", "AUTH=carol", "AUTH=<carol@b.test>", "AUTH=a+0Ab@b.test",
                "AUTH=a+b@b.test", "AUTH=a=b@b.test", "AUTH=<> AUTH=<>"}) {
            SmtpReply reply = reply(parser.parse("MAIL FROM:<a@b.test> " + bad));
            assertThat(reply.code()).as(bad).isEqualTo(501);
            assertThat(reply.lines().get(0)).as(bad).startsWith("5.5.4 ");
        }
        assertThat(reply(parser.parse("RCPT TO:<a@b.test> AUTH=<>")).code()).isEqualTo(555);
    }

    @Test
    void sizeTakesUpToTwentyDigitsAndSaturatesPastTheLargestLong() {
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> SIZE=00000000000000000001")).parameters()
                .declaredSize()).isEqualTo(1);
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> SIZE=9223372036854775807")).parameters()
                .declaredSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> SIZE=9223372036854775808")).parameters()
                .declaredSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(((SmtpCommand.Mail) parser.parse("MAIL FROM:<> SIZE=99999999999999999999")).parameters()
                .declaredSize()).isEqualTo(Long.MAX_VALUE);
        assertThat(reply(parser.parse("MAIL FROM:<> SIZE=000000000000000000000")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("MAIL FROM:<> SIZE=-1")).code()).isEqualTo(501);
        assertThat(reply(parser.parse("MAIL FROM:<> SIZE=+1")).code()).isEqualTo(501);
    }

    private static SmtpReply reply(SmtpCommand command) {
        assertThat(command).isInstanceOf(SmtpCommand.Malformed.class);
        return ((SmtpCommand.Malformed) command).reply();
    }
}
