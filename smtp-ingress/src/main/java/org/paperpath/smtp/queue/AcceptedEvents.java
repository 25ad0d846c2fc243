package org.paperpath.smtp.queue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.paperpath.model.MailAddress;
import org.paperpath.model.event.MessageAccepted;

/** Builds the {@link MessageAccepted} record of a queued envelope, ESMTP parameters included. */
public final class AcceptedEvents {

    private AcceptedEvents() {
    }

    public static MessageAccepted of(String queueId, Envelope envelope, String spoolRef, long size, Instant at) {
        return of(queueId, envelope, spoolRef, size, null, at);
    }

    /** @param bodyCrc32c the body's checksum when the record goes out before the body is durable, else null */
    public static MessageAccepted of(String queueId, Envelope envelope, String spoolRef, long size, Long bodyCrc32c,
            Instant at) {
        return new MessageAccepted(MessageAccepted.VERSION, queueId,
                envelope.sender().map(MailAddress::toString).orElse(""),
                envelope.recipients().stream().map(MailAddress::toString).toList(), spoolRef, size, at,
                envelope.clientAddress(), envelope.helo(), dsn(envelope), esmtp(envelope.mail()),
                envelope.origin().authenticatedUser().orElse(null), bodyCrc32c);
    }

    /** Null when the client gave no DSN parameter at all, so such records look as they always did. */
    static MessageAccepted.Dsn dsn(Envelope envelope) {
        MailParameters mail = envelope.mail();
        boolean none = mail.ret().isEmpty() && mail.envid().isEmpty()
                && envelope.recipientParameters().stream().allMatch(RcptParameters.NONE::equals);
        if (none) {
            return null;
        }
        List<MessageAccepted.Dsn.Recipient> recipients = envelope.recipientParameters().stream()
                .map(p -> new MessageAccepted.Dsn.Recipient(p.notifyOn().stream()
                        .sorted(Comparator.naturalOrder()).map(Enum::name).toList(), p.orcpt().orElse(null)))
                .toList();
        return new MessageAccepted.Dsn(mail.ret().map(Enum::name).orElse(null), mail.envid().orElse(null),
                recipients);
    }

    static MessageAccepted.Esmtp esmtp(MailParameters mail) {
        if (mail.body().isEmpty() && !mail.smtpUtf8() && !mail.requireTls()) {
            return null;
        }
        return new MessageAccepted.Esmtp(mail.body().map(MailParameters.Body::keyword).orElse(null), mail.smtpUtf8(),
                mail.requireTls());
    }
}
