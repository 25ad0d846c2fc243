package org.paperpath.delivery.local.autoreply;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.maildir.MailboxHome;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;
import org.paperpath.model.QueueId;
import org.paperpath.model.Topics;
import org.paperpath.model.event.DirectoryEvent.Autoresponder;
import org.paperpath.model.event.EventCodec;
import org.paperpath.model.event.LocalDelivery;
import org.paperpath.model.event.MessageAccepted;
import org.paperpath.spool.Spool;
import org.paperpath.spool.SpoolWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vacation reply (qmail-autoresponder's and vmailmgr's role), run after a successful delivery to a
 * mailbox whose autoresponder is active. The reply is injected like any message: body to the spool,
 * then a {@link MessageAccepted} with the null sender on {@link Topics#ACCEPTED}, acknowledged
 * (acks=all), so queue-service routes it, locally or remotely.
 *
 * <p>Order of effects: {@link ReplyRules}; then the sender's claim in the {@link SenderLedger} (once
 * per sender per interval); then the body in the spool; then the reply recorded in the
 * {@link ReplyJournal}; then published; then marked sent. A retry of the same delivery (queue id +
 * recipient) after a crash anywhere in between finds its own claim and record and ends in the same
 * one reply. A crash between the spool write and the record leaves an unreferenced body behind.
 * State lives beside the Maildir, in {@code <maildir>/paperpath-autoresponder/}, so every replica
 * sees it.
 */
public final class VacationResponder {

    private static final Logger log = LoggerFactory.getLogger(VacationResponder.class);

    /** The autoresponder's directory inside a Maildir root (no leading dot: not a Maildir++ folder). */
    public static final String STATE_DIR = "paperpath-autoresponder";

    private static final String METER = "paperpath.delivery.local.autoreplies";

    private final MailboxHome home;
    private final String hostname;
    private final Directory directory;
    private final Spool spool;
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Clock clock;
    private final MeterRegistry meters;

    public VacationResponder(Path mailRoot, String hostname, Directory directory, Spool spool,
            Producer<String, byte[]> producer, Duration sendTimeout, Clock clock, MeterRegistry meters) {
        this.home = new MailboxHome(mailRoot, hostname);
        this.hostname = hostname;
        this.directory = directory;
        this.spool = spool;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
        this.meters = meters;
        meters.counter(METER, "result", "queued");
        for (Suppression reason : Suppression.values()) {
            meters.counter(METER, "result", reason.tag());
        }
    }

    /**
     * Replies to {@code delivery}'s sender if the mailbox's autoresponder wants to, once.
     *
     * @throws Exception when the spool, the state files or the broker fail: the caller retries the
     *     whole delivery, which is idempotent, and so is this
     */
    public AutoreplyOutcome respond(LocalDelivery delivery) throws Exception {
        AutoreplyOutcome outcome = decideAndSend(delivery);
        meters.counter(METER, "result", outcome instanceof AutoreplyOutcome.Suppressed s ? s.reason().tag() : "queued")
                .increment();
        return outcome;
    }

    private AutoreplyOutcome decideAndSend(LocalDelivery delivery) throws Exception {
        Instant now = clock.instant();
        Optional<MailboxEntry> entry = directory.mailbox(delivery.mailbox());
        Optional<Autoresponder> setting = entry
                .map(MailboxEntry::autoresponder)
                .filter(a -> a.activeAt(now));
        if (setting.isEmpty()) {
            return new AutoreplyOutcome.Suppressed(Suppression.INACTIVE);
        }
        Path state = maildirOf(delivery.mailbox(), entry.get().id()).resolve(STATE_DIR);
        DurableFiles files = new DurableFiles(state.resolve("tmp"));
        ReplyJournal journal = new ReplyJournal(state, files);
        String key = delivery.queueId() + " " + delivery.recipient();
        Optional<MessageAccepted> recorded = journal.recorded(key);
        if (recorded.isPresent()) {
            if (!journal.isSent(key)) {
                publish(recorded.get());
                journal.markSent(key);
            }
            return new AutoreplyOutcome.Queued(recorded.get().queueId(), true);
        }
        MessageHeader header;
        try (InputStream body = spool.open(delivery.spoolRef())) {
            header = MessageHeader.read(body);
        } catch (NoSuchFileException e) {
            return new AutoreplyOutcome.Suppressed(Suppression.BODY_GONE);
        }
        Optional<Suppression> suppressed = ReplyRules.check(delivery.sender(), header,
                MailboxAddresses.of(delivery, directory));
        if (suppressed.isEmpty() && !isValidAddress(delivery.sender())) {
            suppressed = Optional.of(Suppression.INVALID_SENDER);
        }
        if (suppressed.isPresent()) {
            return new AutoreplyOutcome.Suppressed(suppressed.get());
        }
        Duration interval = Duration.ofSeconds(Math.max(0, setting.get().intervalSeconds()));
        if (!new SenderLedger(state, files).claim(delivery.sender(), key, now, interval)) {
            return new AutoreplyOutcome.Suppressed(Suppression.RECENTLY_REPLIED);
        }
        MessageAccepted reply = spoolReply(delivery, setting.get(), header, now);
        MessageAccepted standing = journal.record(key, reply);
        if (!standing.queueId().equals(reply.queueId())) {
            spool.delete(reply.spoolRef());
        }
        publish(standing);
        journal.markSent(key);
        log.info("queueId={} autoreply {} queued from {} to {}", delivery.queueId(), standing.queueId(),
                delivery.mailbox(), delivery.sender());
        return new AutoreplyOutcome.Queued(standing.queueId(), !standing.queueId().equals(reply.queueId()));
    }

    private MessageAccepted spoolReply(LocalDelivery delivery, Autoresponder setting, MessageHeader header,
            Instant now) throws IOException {
        QueueId id = QueueId.generate();
        byte[] text = ReplyMessage.render(id.value(), hostname, now.atZone(clock.getZone()), delivery.mailbox(),
                delivery.sender(), setting, header);
        String ref;
        try (SpoolWriter writer = spool.create(id)) {
            writer.write(text);
            ref = writer.commit();
        }
        return new MessageAccepted(MessageAccepted.VERSION, id.value(), "", List.of(delivery.sender()), ref,
                text.length, now, "127.0.0.1", hostname);
    }

    private void publish(MessageAccepted reply) throws Exception {
        producer.send(new ProducerRecord<>(Topics.ACCEPTED, reply.queueId(), EventCodec.encode(reply)))
                .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The mailbox's Maildir root for its incarnation {@code id} ({@link MailboxHome}): the reply state
     * of a deleted mailbox of the same address went aside with its Maildir, so the new one starts afresh.
     */
    private Path maildirOf(String mailbox, String id) throws IOException {
        return home.claim(mailbox, id);
    }

    private static boolean isValidAddress(String address) {
        try {
            MailAddress.parse(address);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }
}
