package org.paperpath.account;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.paperpath.model.event.DirectoryEvent;

/**
 * A mailbox's vacation reply as the API reads and writes it. delivery-local sends it at most once
 * per sender per {@code intervalSeconds} (at least an hour, a day when not given), only between
 * {@code from} and {@code until} when set. The subject becomes a header, so it is one line.
 */
record AutoresponderSettings(
        @NotNull @Size(min = 1, max = AutoresponderSettings.MAX_SUBJECT) String subject,
        @NotNull String body,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant from,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant until,
        @Min(AutoresponderSettings.MIN_INTERVAL_SECONDS) Long intervalSeconds) {

    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY_OCTETS = 64 * 1024;
    static final long MIN_INTERVAL_SECONDS = 3600;
    static final long DEFAULT_INTERVAL_SECONDS = Duration.ofDays(1).toSeconds();

    static AutoresponderSettings of(DirectoryEvent.Autoresponder reply) {
        return reply == null ? null
                : new AutoresponderSettings(reply.subject(), reply.body(), reply.from(), reply.until(), reply.intervalSeconds());
    }

    /**
     * The reply as stored and published, once the rules bean validation cannot express hold.
     *
     * @param prefix put before the field names in a 400 answer: where this object sits in the request
     * @throws InvalidInputException naming the field that breaks one
     */
    DirectoryEvent.Autoresponder checked(String prefix) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            throw new InvalidInputException(prefix + "subject", "must be 1 to " + MAX_SUBJECT + " characters");
        }
        if (subject.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException(prefix + "subject", "must be one line without control characters");
        }
        if (body == null || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_OCTETS) {
            throw new InvalidInputException(prefix + "body", "must be given and at most " + MAX_BODY_OCTETS + " octets (UTF-8)");
        }
        if (from != null && until != null && !from.isBefore(until)) {
            throw new InvalidInputException(prefix + "until", "must be after from");
        }
        long interval = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        if (interval < MIN_INTERVAL_SECONDS) {
            throw new InvalidInputException(prefix + "intervalSeconds", "must be at least " + MIN_INTERVAL_SECONDS + " (an hour)");
        }
        return new DirectoryEvent.Autoresponder(subject, body, from, until, interval);
    }
}
