package org.paperpath.delivery.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.paperpath.delivery.local.autoreply.VacationResponder;
import org.paperpath.maildir.Maildir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maildir spec's clean-up of crashed deliveries over every mailbox under the mail root
 * ({@code <mail>/<domain>/<mailbox>}, all folders): tmp/ files older than
 * {@link Maildir#TMP_MAX_AGE} (36 hours) go, through {@link Maildir#sweepTmp}, and so do the
 * autoresponder's own tmp/ leftovers. Idempotent, so any number of replicas may run it at once.
 *
 * <p>Symbolic links are never followed out of the mail root: a domain or mailbox directory that is
 * a link is passed over, and a mailbox where a tmp/ directory (of the INBOX or of a folder) resolves
 * outside the root is skipped as a whole, with a warning.
 */
public final class TmpSweeper {

    private static final Logger log = LoggerFactory.getLogger(TmpSweeper.class);

    private final Path mailRoot;
    private final String hostname;
    private final Clock clock;
    private final Counter removed;
    private final Counter skipped;

    /** A summary of one sweep. */
    public record Summary(int mailboxes, int removed, int skipped, int failed) {
    }

    public TmpSweeper(Path mailRoot, String hostname, Clock clock, MeterRegistry meters) {
        this.mailRoot = mailRoot;
        this.hostname = hostname;
        this.clock = clock;
        this.removed = Counter.builder("paperpath.delivery.local.tmp.removed")
                .description("stale tmp/ files removed from Maildirs").register(meters);
        this.skipped = Counter.builder("paperpath.delivery.local.tmp.skipped")
                .description("mailboxes passed over because a tmp/ directory leads out of the mail root")
                .register(meters);
    }

    /** Sweeps every mailbox once and logs one summary line. */
    public Summary sweep() {
        Instant started = clock.instant();
        int mailboxes = 0;
        int files = 0;
        int passed = 0;
        int failed = 0;
        Path realRoot;
        try {
            realRoot = mailRoot.toRealPath();
        } catch (NoSuchFileException e) {
            return new Summary(0, 0, 0, 0);
        } catch (IOException e) {
            log.warn("tmp sweep: mail root {} unreadable: {}", mailRoot, e.toString());
            return new Summary(0, 0, 0, 1);
        }
        for (Path mailbox : mailboxes(realRoot)) {
            mailboxes++;
            try {
                if (!staysInside(mailbox, realRoot)) {
                    passed++;
                    skipped.increment();
                    log.warn("tmp sweep: {} skipped, a tmp/ directory leads out of the mail root", mailbox);
                    continue;
                }
                int n = Maildir.open(mailbox, hostname).sweepTmp(Maildir.TMP_MAX_AGE)
                        + sweepFiles(mailbox.resolve(VacationResponder.STATE_DIR).resolve("tmp"));
                files += n;
                removed.increment(n);
            } catch (IOException | RuntimeException e) {
                failed++;
                log.warn("tmp sweep: {} failed: {}", mailbox, e.toString());
            }
        }
        log.info("tmp sweep: {} mailbox(es), {} stale tmp file(s) removed, {} skipped, {} failed, in {} ms", mailboxes,
                files, passed, failed, Duration.between(started, clock.instant()).toMillis());
        return new Summary(mailboxes, files, passed, failed);
    }

    /**
     * {@code <root>/<domain>/<mailbox>} directories that are not links themselves. A name with a
     * leading dot is never a domain or a mailbox ({@code MailboxPaths}): {@code <root>/.deleted}, where
     * Maildirs of deleted mailboxes are kept as they were ({@code MailboxHome}), is not swept.
     */
    private static List<Path> mailboxes(Path root) {
        List<Path> found = new ArrayList<>();
        for (Path domain : directories(root)) {
            if (isDotName(domain)) {
                continue;
            }
            for (Path mailbox : directories(domain)) {
                if (!isDotName(mailbox)) {
                    found.add(mailbox);
                }
            }
        }
        return found;
    }

    private static boolean isDotName(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static List<Path> directories(Path parent) {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            log.warn("tmp sweep: cannot list {}: {}", parent, e.toString());
        }
        return dirs;
    }

    /** True if every tmp/ directory {@link Maildir#sweepTmp} would visit resolves inside the root. */
    private static boolean staysInside(Path mailbox, Path realRoot) throws IOException {
        List<Path> tmps = new ArrayList<>();
        tmps.add(mailbox.resolve("tmp"));
        tmps.add(mailbox.resolve(VacationResponder.STATE_DIR).resolve("tmp"));
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(mailbox, ".?*")) {
            for (Path folder : folders) {
                if (!folder.getFileName().toString().equals("..")) {
                    tmps.add(folder.resolve("tmp"));
                }
            }
        }
        for (Path tmp : tmps) {
            if (Files.exists(tmp) && !tmp.toRealPath().startsWith(realRoot)) {
                return false;
            }
        }
        return true;
    }

    /** Files in {@code dir} older than the maildir spec's 36 hours. */
    private int sweepFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(Maildir.TMP_MAX_AGE);
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(file)) {
                        n++;
                    }
                } catch (NoSuchFileException gone) {
                    // Linked into place or removed by another sweeper meanwhile.
                }
            }
        }
        return n;
    }
}
