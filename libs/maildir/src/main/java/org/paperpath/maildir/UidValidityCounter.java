package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Hands out UIDVALIDITY values (RFC 3501 section 2.3.1.1) for the folders under one mail root,
 * never the same value twice, with Dovecot's scheme (mailbox-uidvalidity.c) so that Dovecot can
 * continue the same counter: an empty marker file {@code dovecot-uidvalidity.<8 hex digits>} holds
 * the last value handed out in its name and moves forward by an atomic rename. Paperpath nodes
 * advance it under the NFS-safe {@code dovecot-uidvalidity.lock} ({@link MaildirLock}): a rename
 * alone would not do, because a node that found no marker and seeds a new one could recreate a
 * value another node has just renamed away. Dovecot renames without that lock; when its rename
 * wins, ours finds the source gone and reads the marker again. The counter starts at the current time in seconds (so values look like Dovecot's), but after that
 * only counts up: it is never derived from a folder's mtime.
 */
public final class UidValidityCounter {

    static final String PREFIX = "dovecot-uidvalidity";
    private static final int ATTEMPTS = 100;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);

    private final Path mailRoot;
    private final Clock clock;

    public UidValidityCounter(Path mailRoot) {
        this(mailRoot, Clock.systemUTC());
    }

    UidValidityCounter(Path mailRoot, Clock clock) {
        this.mailRoot = mailRoot;
        this.clock = clock;
    }

    /**
     * The next UIDVALIDITY for a new folder (or a folder whose UIDs must be given anew).
     *
     * @throws IOException also if another node held {@code dovecot-uidvalidity.lock} for a minute
     */
    public long next() throws IOException {
        Files.createDirectories(mailRoot);
        LockOutcome outcome = MaildirLock.acquire(mailRoot.resolve(PREFIX + ".lock"), "uidvalidity", LOCK_TIMEOUT);
        if (!(outcome instanceof LockOutcome.Acquired)) {
            throw new IOException("UIDVALIDITY counter in " + mailRoot + " stays locked by "
                    + ((LockOutcome.TimedOut) outcome).holder());
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                long current = currentMarker();
                if (current == 0) {
                    long seed = Math.max(clock.instant().getEpochSecond(), readPlainFile() + 1) & Uidlist.MAX_UID;
                    Files.createFile(marker(seed == 0 ? 1 : seed));
                    writePlainFile(seed == 0 ? 1 : seed);
                    return seed == 0 ? 1 : seed;
                }
                long next = current == Uidlist.MAX_UID ? 1 : current + 1;
                try {
                    AtomicRename.move(marker(current), marker(next));
                } catch (NoSuchFileException dovecotRaced) {
                    continue;
                }
                writePlainFile(next);
                return next;
            }
        }
        throw new IOException("could not advance " + PREFIX + " in " + mailRoot + " after " + ATTEMPTS + " attempts");
    }

    private Path marker(long value) {
        return mailRoot.resolve(PREFIX + "." + String.format(Locale.ROOT, "%08x", value));
    }

    /** The highest marker's value, 0 if there is none. Lower leftovers of a seeding race are ignored. */
    private long currentMarker() throws IOException {
        long max = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(mailRoot, PREFIX + ".*")) {
            for (Path p : stream) {
                String hex = p.getFileName().toString().substring(PREFIX.length() + 1);
                if (hex.length() == 8 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    max = Math.max(max, HexFormat.fromHexDigitsToLong(hex));
                }
            }
        }
        return max;
    }

    /** Dovecot also keeps the value as hex text in {@code dovecot-uidvalidity}; a hint only. */
    private long readPlainFile() {
        try {
            String hex = Files.readString(mailRoot.resolve(PREFIX), StandardCharsets.US_ASCII).strip();
            return hex.isEmpty() ? 0 : Long.parseLong(hex, 16);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void writePlainFile(long value) throws IOException {
        Path tmp = mailRoot.resolve(PREFIX + ".tmp." + MaildirNames.uniqueBase(clock.instant(), "tmp"));
        Files.writeString(tmp, String.format(Locale.ROOT, "%08x%n", value), StandardCharsets.US_ASCII);
        AtomicRename.replacing(tmp, mailRoot.resolve(PREFIX));
    }
}
