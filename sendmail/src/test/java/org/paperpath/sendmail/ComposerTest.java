package org.paperpath.sendmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComposerTest {

    private static final Settings SETTINGS =
            new Settings("127.0.0.1", 2525, "host.example.test", "cron@host.example.test", Duration.ofSeconds(5));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T16:30:05Z"), ZoneOffset.ofHours(1));

    private static Submission compose(List<String> input, String... args) throws Exception {
        return new Composer(SETTINGS, CLOCK, new Random(7)).compose(SendmailArguments.parse(List.of(args)), input);
    }

    private static List<String> headerLines(Submission submission) {
        return submission.lines().subList(0, submission.lines().indexOf(""));
    }

    @Test
    void recipientsFromArgumentsAndDefaultSender() throws Exception {
        Submission s = compose(List.of("Subject: hi", "", "body"), "alice@example.test", "Bob <bob@example.test>");
        assertThat(s.recipients()).containsExactly("alice@example.test", "bob@example.test");
        assertThat(s.sender()).isEqualTo("cron@host.example.test");
    }

    @Test
    void dashTTakesToCcAndBccAndRemovesBccWithItsFoldedLines() throws Exception {
        Submission s = compose(List.of(
                "From: Bob <bob@sender.test>",
                "To: Alice <alice@example.test>,",
                "  carol@example.test",
                "Cc: dave@example.test",
                "Bcc: eve@example.test,",
                "\tfrank@example.test",
                "Subject: hi",
                "Date: Tue, 24 Nov 2026 10:00:00 +0000",
                "Message-ID: <1@sender.test>",
                "",
                "body"), "-t");
        assertThat(s.recipients()).containsExactly("alice@example.test", "carol@example.test", "dave@example.test",
                "eve@example.test", "frank@example.test");
        assertThat(s.lines()).containsExactly(
                "From: Bob <bob@sender.test>",
                "To: Alice <alice@example.test>,",
                "  carol@example.test",
                "Cc: dave@example.test",
                "Subject: hi",
                "Date: Tue, 24 Nov 2026 10:00:00 +0000",
                "Message-ID: <1@sender.test>",
                "",
                "body");
    }

    @Test
    void bccIsRemovedEvenWithoutDashT() throws Exception {
        Submission s = compose(List.of("To: a@x.test", "Bcc: secret@x.test", "", "b"), "a@x.test");
        assertThat(s.recipients()).containsExactly("a@x.test");
        assertThat(String.join("\n", s.lines())).doesNotContain("Bcc", "secret");
    }

    @Test
    void dashTAlsoKeepsArgumentRecipientsOnceEach() throws Exception {
        Submission s = compose(List.of("To: a@x.test, A@X.test", "", "b"), "-t", "a@x.test", "z@x.test");
        assertThat(s.recipients()).containsExactly("a@x.test", "z@x.test");
    }

    @Test
    void resentHeadersWinOverTheOriginalRecipientsUnderDashT() throws Exception {
        Submission s = compose(List.of("To: original@x.test", "Resent-To: new@x.test", "Resent-Bcc: hidden@x.test", "", "b"), "-t");
        assertThat(s.recipients()).containsExactly("new@x.test", "hidden@x.test");
        assertThat(headerLines(s)).noneMatch(l -> l.startsWith("Resent-Bcc"));
    }

    @Test
    void missingFromDateAndMessageIdAreAddedAfterTheExistingHeaders() throws Exception {
        Submission s = compose(List.of("Subject: hi", "", "body"), "-f", "bob@sender.test", "a@x.test");
        assertThat(headerLines(s)).hasSize(4);
        assertThat(headerLines(s).subList(0, 3)).containsExactly(
                "Subject: hi",
                "From: bob@sender.test",
                "Date: Wed, 25 Nov 2026 17:30:05 +0100");
        assertThat(headerLines(s).get(3)).matches("Message-ID: <1795624205000\\.[A-Za-z0-9_-]{12}@host\\.example\\.test>");
        assertThat(s.sender()).isEqualTo("bob@sender.test");
    }

    @Test
    void presentFromDateAndMessageIdAreLeftAlone() throws Exception {
        List<String> input = List.of("from: x@y.test", "DATE: Tue, 24 Nov 2026 10:00:00 +0000", "Message-Id: <m@y.test>", "", "b");
        assertThat(compose(input, "-F", "Ignored Name", "a@x.test").lines()).isEqualTo(input);
    }

    @Test
    void dashFullNameGoesIntoTheAddedFromQuotedOrEncodedAsNeeded() throws Exception {
        assertThat(headerLines(compose(List.of("", "b"), "-F", "Bob Sender", "-f", "bob@s.test", "a@x.test")))
                .contains("From: Bob Sender <bob@s.test>");
        assertThat(headerLines(compose(List.of("", "b"), "-F", "Sender, Bob J.", "-f", "bob@s.test", "a@x.test")))
                .contains("From: \"Sender, Bob J.\" <bob@s.test>");
        assertThat(headerLines(compose(List.of("", "b"), "-F", "Jürgen", "-f", "j@s.test", "a@x.test")))
                .contains("From: =?UTF-8?B?SsO8cmdlbg==?= <j@s.test>");
    }

    @Test
    void aLongNonAsciiNameIsSplitIntoEncodedWordsOfAtMost75Characters() {
        String encoded = Composer.displayName("Ääääääääää Öööööööööö Üüüüüüüüüü Ééééééééé");
        assertThat(encoded.split(" ")).hasSizeGreaterThan(1).allMatch(w -> w.length() <= 75 && w.startsWith("=?UTF-8?B?"));
    }

    @Test
    void inputWithoutHeadersIsAllBodyAndAnMboxFromLineIsDropped() throws Exception {
        Submission s = compose(List.of("From bob Tue Nov 24 10:00:00 2026", "just text: not a header?", "more"), "a@x.test");
        List<String> lines = s.lines();
        assertThat(lines.subList(lines.indexOf(""), lines.size())).containsExactly("", "just text: not a header?", "more");
        assertThat(lines).noneMatch(l -> l.startsWith("From bob"));
    }

    @Test
    void bareLocalPartsAreQualifiedWithTheHostName() throws Exception {
        Submission s = compose(List.of("", "b"), "-f", "cron", "root");
        assertThat(s.sender()).isEqualTo("cron@host.example.test");
        assertThat(s.recipients()).containsExactly("root@host.example.test");
    }

    @Test
    void theNullSenderStaysEmptyButTheFromHeaderNamesTheUser() throws Exception {
        Submission s = compose(List.of("", "b"), "-f", "<>", "a@x.test");
        assertThat(s.sender()).isEmpty();
        assertThat(headerLines(s)).contains("From: cron@host.example.test");
    }

    @Test
    void internationalisedAddressesInHeadersBecomeUtf8Envelopes() throws Exception {
        String to = new String("To: jörg@bücher.test".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(compose(List.of(to, "", "b"), "-t").recipients()).containsExactly("jörg@bücher.test");
    }

    @Test
    void noRecipientsIsADataErrorUnderDashTAndAUsageErrorOtherwise() {
        assertThatThrownBy(() -> compose(List.of("Subject: x", "", "b"), "-t")).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> compose(List.of("Subject: x", "", "b"))).isInstanceOf(UsageException.class);
    }
}
