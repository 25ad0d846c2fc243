package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.paperpath.model.MailAddress;
import org.paperpath.model.QueueId;
import org.paperpath.smtp.queue.Envelope;
import org.paperpath.smtp.queue.MailParameters;
import org.paperpath.smtp.queue.Origin;
import org.paperpath.smtp.queue.RcptParameters;

class ReceivedHeaderTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 25, 18, 0, 0, 0, ZoneOffset.UTC);
    private static final QueueId ID = QueueId.generate();

    @Test
    void withNamesTheProtocolAsRfc3848Does() {
        assertThat(new Origin(false, false, Optional.empty()).protocol(false)).isEqualTo("SMTP");
        assertThat(new Origin(true, false, Optional.empty()).protocol(false)).isEqualTo("ESMTP");
        assertThat(new Origin(true, true, Optional.empty()).protocol(false)).isEqualTo("ESMTPS");
        assertThat(new Origin(true, false, Optional.of("a@example.test")).protocol(false)).isEqualTo("ESMTPA");
        assertThat(new Origin(true, true, Optional.of("a@example.test")).protocol(false)).isEqualTo("ESMTPSA");
        assertThat(new Origin(true, true, Optional.of("a@example.test")).protocol(true)).isEqualTo("UTF8SMTPSA");
    }

    @Test
    void anAuthenticatedSubmissionOverTlsNamesItsUserAndEsmtpsa() {
        String header = render(new Origin(true, true, Optional.of("alice@example.test")));
        assertThat(header).isEqualTo("Received: from client.test (192.0.2.10)\r\n"
                + "\t(authenticated as alice@example.test)\r\n"
                + "\tby mx.test (Paperpath) with ESMTPSA id " + ID.value() + "\r\n"
                + "\tfor <bob@example.test>; Wed, 25 Nov 2026 18:00:00 +0000\r\n");
    }

    @Test
    void anUnauthenticatedSessionNamesNoUser() {
        assertThat(render(new Origin(true, true, Optional.empty())))
                .doesNotContain("authenticated").contains(" with ESMTPS id ");
    }

    @Test
    void theUserCannotBreakOutOfItsComment() {
        assertThat(render(new Origin(true, false, Optional.of("x)\r\nBcc: (y\\"))))
                .contains("\t(authenticated as x???Bcc: ?y?)\r\n").hasLineCount(4);
    }

    private static String render(Origin origin) {
        Envelope envelope = new Envelope("client.test", "192.0.2.10", Optional.of(new MailAddress("a", "example.test")),
                List.of(new MailAddress("bob", "example.test")), MailParameters.NONE, List.of(RcptParameters.NONE),
                origin);
        return new String(ReceivedHeader.render(envelope, "mx.test", ID, NOW), StandardCharsets.UTF_8);
    }
}
