package org.paperpath.delivery.local.autoreply;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When a vacation reply must not be sent, checked in this order (RFC 3834 section 2, with
 * qmail-autoresponder's and vacation(1)'s sender list):
 * <ol>
 * <li>the null envelope sender: bounces and other automatic mail;</li>
 * <li>a sender whose local part is {@code mailer-daemon}, {@code postmaster}, {@code nobody},
 *     {@code mailer}, {@code listserv}, {@code majordomo}, a no-reply name, starts with
 *     {@code owner-} or ends with {@code -request}, {@code -owner} or {@code -bounces}; or the mailbox
 *     writing to itself;</li>
 * <li>{@code Auto-Submitted:} with any value but {@code no};</li>
 * <li>{@code Precedence: bulk}, {@code list} or {@code junk};</li>
 * <li>{@code List-Id}, {@code List-Unsubscribe} or {@code List-Post};</li>
 * <li>{@code X-Auto-Response-Suppress} naming {@code All}, {@code OOF} or {@code AutoReply};</li>
 * <li>none of the mailbox's addresses (see {@link MailboxAddresses}) in {@code To}, {@code Cc},
 *     {@code Bcc}, {@code Resent-To}, {@code Resent-Cc} or {@code Resent-Bcc}: mail that reached it
 *     through a list, a group alias or a Bcc to someone else gets no reply.</li>
 * </ol>
 * The once-per-sender interval is checked after these, by {@link SenderLedger}.
 */
final class ReplyRules {

    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "postmaster", "nobody", "mailer", "listserv",
            "majordomo", "noreply", "no-reply", "donotreply", "do-not-reply", "root", "uucp");
    private static final Set<String> BULK = Set.of("bulk", "list", "junk");
    private static final List<String> LIST_FIELDS = List.of("List-Id", "List-Unsubscribe", "List-Post");
    private static final List<String> RECIPIENT_FIELDS = List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc",
            "Resent-Bcc");

    private ReplyRules() {
    }

    /**
     * @param sender the envelope sender, {@code ""} for the null sender
     * @param mine true for an address (lower case) that is this mailbox or one of its aliases
     * @return why no reply may be sent, or empty if one may
     */
    static Optional<Suppression> check(String sender, MessageHeader header, Predicate<String> mine) {
        if (sender == null || sender.isEmpty()) {
            return Optional.of(Suppression.NULL_SENDER);
        }
        int at = sender.lastIndexOf('@');
        if (at <= 0) {
            return Optional.of(Suppression.INVALID_SENDER);
        }
        String local = sender.substring(0, at).toLowerCase(Locale.ROOT);
        if (DAEMONS.contains(local) || local.startsWith("owner-") || local.endsWith("-request")
                || local.endsWith("-owner") || local.endsWith("-bounces") || mine.test(sender.toLowerCase(Locale.ROOT))) {
            return Optional.of(Suppression.DAEMON_SENDER);
        }
        Optional<String> autoSubmitted = header.first("Auto-Submitted");
        if (autoSubmitted.isPresent() && !MessageHeader.keyword(autoSubmitted.get()).equals("no")) {
            return Optional.of(Suppression.AUTO_SUBMITTED);
        }
        Optional<String> precedence = header.first("Precedence");
        if (precedence.isPresent() && BULK.contains(MessageHeader.keyword(precedence.get()))) {
            return Optional.of(Suppression.PRECEDENCE);
        }
        for (String field : LIST_FIELDS) {
            if (header.has(field)) {
                return Optional.of(Suppression.LIST);
            }
        }
        for (String value : header.all("X-Auto-Response-Suppress")) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("all") || v.contains("oof") || v.contains("autoreply")) {
                return Optional.of(Suppression.SUPPRESS_REQUESTED);
            }
        }
        for (String field : RECIPIENT_FIELDS) {
            for (String value : header.all(field)) {
                if (HeaderAddresses.of(value).stream().anyMatch(mine)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Suppression.NOT_ADDRESSED);
    }
}
