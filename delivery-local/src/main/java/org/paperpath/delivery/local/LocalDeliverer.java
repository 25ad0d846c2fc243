package org.paperpath.delivery.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.paperpath.maildir.DeliveryOutcome;
import org.paperpath.maildir.InvalidMailboxPathException;
import org.paperpath.maildir.MailboxHome;
import org.paperpath.maildir.Maildir;
import org.paperpath.maildir.QuotaOutcome;
import org.paperpath.model.event.DeliveryResult;
import org.paperpath.model.event.DeliveryResult.Outcome;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one recipient's copy of a spooled message into its Maildir, as qmail-local does: loop
 * check on Delivered-To, then {@code Return-Path} and {@code Delivered-To} prepended. Idempotent by
 * queue id + recipient (see {@link Maildir}). The mailbox's limits are enforced as the Maildir++
 * quota ({@link MailboxLimits}): a full mailbox is deferred (4.2.2) or, by setting, failed (5.2.2); a
 * message over the size limit fails (5.2.3, RFC 3463). Never throws: every end is a {@link DeliveryResult}.
 *
 * <p>The Maildir is found through {@link MailboxHome} with the mailbox's incarnation id from the
 * directory ({@link MailboxIncarnations}): the Maildir of a deleted mailbox of the same address is
 * moved aside to {@code <mailRoot>/.deleted/} (kept for an operator) and the new mailbox starts empty.
 */
public final class LocalDeliverer {

    private static final Logger log = LoggerFactory.getLogger(LocalDeliverer.class);

    private final MailboxHome home;
    private final MailboxIncarnations incarnations;
    private final String hostname;
    private final Spool spool;
    private final DeliveryObserver observer;
    private final Clock clock;
    private final MailboxLimits limits;
    private final OverQuotaAction overQuota;

    /** A deliverer that enforces no limits. */
    public LocalDeliverer(Path mailRoot, String hostname, Spool spool, DeliveryObserver observer, Clock clock) {
        this(mailRoot, hostname, spool, observer, clock, MailboxLimits.NONE, OverQuotaAction.DEFER);
    }

    /**
     * @param limits each mailbox's quota, message-count and size limits
     * @param overQuota whether a full mailbox is a temporary or a permanent failure
     */
    public LocalDeliverer(Path mailRoot, String hostname, Spool spool, DeliveryObserver observer, Clock clock,
            MailboxLimits limits, OverQuotaAction overQuota) {
        this(mailRoot, hostname, spool, observer, clock, limits, overQuota, MailboxIncarnations.NONE);
    }

    /** @param incarnations each mailbox's incarnation id, which its Maildir must belong to */
    public LocalDeliverer(Path mailRoot, String hostname, Spool spool, DeliveryObserver observer, Clock clock,
            MailboxLimits limits, OverQuotaAction overQuota, MailboxIncarnations incarnations) {
        this.home = new MailboxHome(mailRoot, hostname);
        this.incarnations = incarnations;
        this.hostname = hostname;
        this.spool = spool;
        this.observer = observer;
        this.clock = clock;
        this.limits = limits;
        this.overQuota = overQuota;
    }

    /** False while the mailboxes' limits are not known yet (see {@link MailboxLimits#isReady()}). */
    public boolean isReady() {
        return limits.isReady();
    }

    public DeliveryResult deliver(LocalDelivery delivery) {
        if (hasLineBreak(delivery.recipient()) || hasLineBreak(delivery.sender())) {
            return result(delivery, Outcome.FAILED, "envelope address contains a line break");
        }
        Maildir maildir;
        try {
            maildir = Maildir.open(mailboxPath(delivery.mailbox()), hostname);
        } catch (InvalidMailboxPathException e) {
            log.error("queueId={} mailbox {} refused: {}", delivery.queueId(), delivery.mailbox(), e.getMessage());
            return result(delivery, Outcome.FAILED, "mailbox name not usable: " + e.getMessage());
        } catch (IOException e) {
            log.warn("queueId={} deferred: Maildir of {} not ready: {}", delivery.queueId(), delivery.mailbox(),
                    e.toString());
            return result(delivery, Outcome.DEFERRED, "I/O error: " + e.getMessage());
        }
        String key = delivery.queueId() + " " + delivery.recipient();
        try {
            Optional<String> already = maildir.deliveredName(key);
            if (already.isPresent()) {
                return result(delivery, Outcome.DELIVERED, "already delivered as " + already.get());
            }
            if (isLoop(delivery)) {
                log.warn("queueId={} loop: {} is already in Delivered-To", delivery.queueId(), delivery.recipient());
                return result(delivery, Outcome.FAILED, "loop detected: message already delivered to "
                        + delivery.recipient());
            }
            QuotaOutcome outcome;
            try (InputStream body = spool.open(delivery.spoolRef())) {
                outcome = maildir.deliver(key, new SequenceInputStream(new ByteArrayInputStream(trace(delivery)), body),
                        limits.policyFor(delivery.mailbox()));
            }
            return answer(delivery, outcome);
        } catch (NoSuchFileException e) {
            log.error("queueId={} spool body {} missing", delivery.queueId(), delivery.spoolRef());
            return result(delivery, Outcome.FAILED, "spool body missing");
        } catch (IllegalArgumentException e) {
            log.error("queueId={} bad spool reference {}", delivery.queueId(), delivery.spoolRef());
            return result(delivery, Outcome.FAILED, "bad spool reference");
        } catch (IOException e) {
            log.warn("queueId={} deferred on I/O error: {}", delivery.queueId(), e.toString());
            return result(delivery, Outcome.DEFERRED, "I/O error: " + e.getMessage());
        }
    }

    private DeliveryResult answer(LocalDelivery delivery, QuotaOutcome outcome) {
        if (outcome instanceof QuotaOutcome.Delivered) {
            DeliveryOutcome written = ((QuotaOutcome.Delivered) outcome).delivery();
            observer.written(delivery, written);
            return result(delivery, Outcome.DELIVERED, describe(written));
        }
        if (outcome instanceof QuotaOutcome.InProgress) {
            // Another attempt of the same queue id + recipient holds the Maildir's marker (a rebalance
            // overlap), or one crashed before its rename less than 10 minutes ago: writing now could
            // make a second copy, so try again later.
            log.info("queueId={} deferred: a delivery to {} with the same key is in progress ({})", delivery.queueId(),
                    delivery.mailbox(), ((QuotaOutcome.InProgress) outcome).marker());
            return result(delivery, Outcome.DEFERRED,
                    "delivery with the same queue id and recipient in progress elsewhere; retry later");
        }
        if (outcome instanceof QuotaOutcome.TooBig) {
            QuotaOutcome.TooBig tooBig = (QuotaOutcome.TooBig) outcome;
            log.info("queueId={} too big for {}: {} > {} bytes", delivery.queueId(), delivery.mailbox(), tooBig.size(),
                    tooBig.limit());
            return result(delivery, Outcome.FAILED, "5.2.3 message too big for the mailbox (" + tooBig.size()
                    + " bytes, limit " + tooBig.limit() + ")");
        }
        QuotaOutcome.OverQuota full = (QuotaOutcome.OverQuota) outcome;
        log.info("queueId={} mailbox {} full: {}", delivery.queueId(), delivery.mailbox(), full.reason());
        return overQuota == OverQuotaAction.FAIL
                ? result(delivery, Outcome.FAILED, "5.2.2 mailbox full: " + full.reason())
                : result(delivery, Outcome.DEFERRED, "4.2.2 mailbox full: " + full.reason());
    }

    /** The mailbox's Maildir root, made sure to belong to its current incarnation. */
    private Path mailboxPath(String mailbox) throws IOException {
        // A record without a mailbox is refused by the claim as an invalid key, not looked up.
        return home.claim(mailbox, mailbox == null ? null : incarnations.idOf(mailbox));
    }

    private boolean isLoop(LocalDelivery delivery) throws IOException {
        try (InputStream body = new BufferedInputStream(spool.open(delivery.spoolRef()))) {
            return DeliveredToScan.contains(body, delivery.recipient(), delivery.mailbox());
        }
    }

    /** qmail-local's two trace lines, in its order; the spooled body begins with the Received field. */
    private static byte[] trace(LocalDelivery delivery) {
        String sender = delivery.sender() == null ? "" : delivery.sender();
        return ("Return-Path: <" + sender + ">\r\nDelivered-To: " + delivery.recipient() + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static boolean hasLineBreak(String s) {
        return s != null && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0);
    }

    private static String describe(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.AlreadyDelivered) {
            return "already delivered as " + outcome.name();
        }
        return "delivered as " + outcome.name();
    }

    private DeliveryResult result(LocalDelivery delivery, Outcome outcome, String detail) {
        return new DeliveryResult(DeliveryResult.VERSION, delivery.queueId(), delivery.recipient(), outcome, detail,
                clock.instant());
    }
}
