package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides whether one message fits a mailbox under a {@link QuotaPolicy}, by the Maildir++ rules
 * for {@code maildirsize} plus vmailmgr's soft quota and size limits. The check and the later
 * append are not atomic, as in Courier and Dovecot: concurrent deliveries may overshoot by the
 * messages in flight, which the next recalculation shows.
 */
final class MaildirQuota {

    /** Exists while the owner has been warned about the soft quota; removed once usage is back under it. */
    static final String WARNED_MARKER = "paperpath-quota-warned";

    private final MaildirSize file;
    private final QuotaPolicy policy;
    private final Path mailboxRoot;

    MaildirQuota(MaildirSize file, QuotaPolicy policy, Path mailboxRoot) {
        this.file = file;
        this.policy = policy;
        this.mailboxRoot = mailboxRoot;
    }

    /**
     * The answer for a message of {@code size} octets (its {@code S=} size).
     *
     * @param refusal empty if the message may be delivered
     * @param warn true if this delivery is the first to find the soft quota exceeded
     */
    record Decision(Optional<QuotaOutcome> refusal, boolean warn) {
    }

    Decision admit(long size) throws IOException {
        if (policy.maxMessageBytes() > 0 && size > policy.maxMessageBytes()) {
            return new Decision(Optional.of(new QuotaOutcome.TooBig(size, policy.maxMessageBytes())), false);
        }
        String limits = policy.limitsLine();
        Optional<MaildirSize.Snapshot> snapshot = file.read();
        boolean fresh = snapshot.isEmpty() || snapshot.get().needsRecalculation(limits);
        QuotaUsage usage = fresh ? file.recalculate(limits) : snapshot.get().usage();
        Optional<String> over = overHard(usage, size);
        if (over.isPresent() && !fresh && file.isStale(snapshot.get())) {
            usage = file.recalculate(limits);
            over = overHard(usage, size);
        }
        if (over.isPresent()) {
            return new Decision(Optional.of(new QuotaOutcome.OverQuota(over.get(), usage)), false);
        }
        if (policy.softBytes() <= 0) {
            return new Decision(Optional.empty(), false);
        }
        if (usage.bytes() + size <= policy.softBytes()) {
            Files.deleteIfExists(mailboxRoot.resolve(WARNED_MARKER));
            return new Decision(Optional.empty(), false);
        }
        boolean warn = markWarned();
        if (size >= policy.smallMessageBytes()) {
            return new Decision(Optional.of(new QuotaOutcome.OverQuota(
                    "soft quota of " + policy.softBytes() + " bytes reached", usage)), warn);
        }
        return new Decision(Optional.empty(), warn);
    }

    private Optional<String> overHard(QuotaUsage usage, long size) {
        if (policy.bytes() > 0 && usage.bytes() + size > policy.bytes()) {
            return Optional.of("quota of " + policy.bytes() + " bytes reached");
        }
        if (policy.messages() > 0 && usage.messages() + 1 > policy.messages()) {
            return Optional.of("limit of " + policy.messages() + " messages reached");
        }
        return Optional.empty();
    }

    /** True for exactly one of any number of concurrent callers until the marker is removed again. */
    private boolean markWarned() throws IOException {
        try {
            Files.createFile(mailboxRoot.resolve(WARNED_MARKER));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
