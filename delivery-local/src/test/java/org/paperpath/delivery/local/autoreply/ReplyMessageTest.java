package org.paperpath.delivery.local.autoreply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.paperpath.model.event.DirectoryEvent.Autoresponder;

class ReplyMessageTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC);

    private static MessageHeader header(String text) throws IOException {
        return MessageHeader.read(new ByteArrayInputStream((text + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static String render(Autoresponder setting, String original) throws IOException {
        return new String(ReplyMessage.render("0123456789AB0123456789AB", "mx1", NOW, "alice@example.org",
                "bob@remote.net", setting, header(original)), StandardCharsets.UTF_8);
    }

    @Test
    void theReplyCarriesTheRfc3834FieldsAndTheSettingsSubjectAndBody() throws IOException {
        String reply = render(new Autoresponder("Away", "Back on Monday.\nAlice", null, null, 86400),
                "Message-ID: <m1@remote.net>\r\nReferences: <m0@remote.net>\r\nSubject: Lunch?");

        assertThat(reply).contains("\r\nFrom: <alice@example.org>\r\n", "\r\nTo: <bob@remote.net>\r\n",
                "\r\nSubject: Away\r\n", "\r\nIn-Reply-To: <m1@remote.net>\r\n",
                "\r\nReferences: <m0@remote.net> <m1@remote.net>\r\n", "\r\nAuto-Submitted: auto-replied\r\n",
                "\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n");
        assertThat(reply).startsWith("Received: by mx1 (Paperpath autoresponder) id 0123456789AB0123456789AB; ");
        assertThat(reply).endsWith("\r\n\r\nBack on Monday.\r\nAlice\r\n");
    }

    @Test
    void withoutASubjectSettingItIsAutoAndTheOriginalSubjectAndWithoutMessageIdNoInReplyTo() throws IOException {
        String reply = render(new Autoresponder(null, "x", null, null, 0), "Subject: Lunch?");

        assertThat(reply).contains("\r\nSubject: Auto: Lunch?\r\n").doesNotContain("In-Reply-To", "References");
    }

    @Test
    void aLineBreakInTheSettingOrTheOriginalCannotAddAHeaderField() throws IOException {
        String reply = render(new Autoresponder("Away\r\nBcc: victim@x.test", "x", null, null, 0),
                "Message-ID: <m1@remote.net>");

        assertThat(reply).doesNotContain("\r\nBcc:").contains("\r\nSubject: Away  Bcc: victim@x.test\r\n");
    }

    @Test
    void nonAsciiIsEncodedSoTheReplyIsSevenBitClean() throws IOException {
        String subject = "Abwesenheitsnotiz: bin im Urlaub bis Mitte Dezember, Grüße an alle — Ärger später";
        String reply = render(new Autoresponder(subject, "Grüße", null, null, 0), "Subject: x");

        assertThat(reply.chars().allMatch(c -> c < 128)).isTrue();
        assertThat(reply).contains("Content-Transfer-Encoding: base64")
                .contains(Base64.getMimeEncoder().encodeToString("Grüße".getBytes(StandardCharsets.UTF_8)));
        String encoded = reply.substring(reply.indexOf("Subject: ") + 9, reply.indexOf("\r\nMessage-ID"));
        StringBuilder decoded = new StringBuilder();
        for (String word : encoded.split("\r\n ")) {
            assertThat(word.length()).isLessThanOrEqualTo(75);
            decoded.append(new String(Base64.getDecoder().decode(word.substring(10, word.length() - 2)),
                    StandardCharsets.UTF_8));
        }
        assertThat(decoded.toString()).isEqualTo(subject);
    }
}
