package org.paperpath.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Maildir++ {@code maildirsize} file of one mailbox (Courier's maildirquota description, as
 * Dovecot reads it too): the limits line ({@code <bytes>S,<count>C}), then lines of
 * {@code <bytes> <count>} whose sums are the usage. Writers append a delta line with O_APPEND in one
 * write(2), so concurrent writers on NFS never need a lock; the file is rebuilt (written in tmp/,
 * renamed over) when it is missing, when it has grown to {@value #RECALCULATE_AT_BYTES} bytes, when
 * its limits line is not the current one, or when the mailbox looks over quota and the file is older
 * than {@link #STALE} (an old race may have left it wrong).
 *
 * <p>Sizes come from the {@code ,S=} field of file names, so a recalculation needs no stat(2) except
 * for foreign names without one. {@code .Trash} is left out unless the policy counts it.
 */
public final class MaildirSize {

    public static final String FILE = "maildirsize";
    /** Maildir++: a file this size or larger is recalculated rather than appended to forever. */
    public static final int RECALCULATE_AT_BYTES = 5120;
    /** Maildir++: an over-quota answer from a file older than this is checked by a recalculation. */
    public static final Duration STALE = Duration.ofMinutes(15);
    public static final String TRASH = ".Trash";

    private static final int SCAN_ATTEMPTS = 5;

    private final Path mailboxRoot;
    private final String hostname;
    private final Clock clock;
    private final boolean countTrash;

    /** @param mailboxRoot the Maildir++ root (INBOX), where {@code maildirsize} lives */
    public MaildirSize(Path mailboxRoot, String hostname, Clock clock, boolean countTrash) {
        this.mailboxRoot = mailboxRoot;
        this.hostname = hostname;
        this.clock = clock;
        this.countTrash = countTrash;
    }

    /** The file's contents as read now. */
    public record Snapshot(String limits, QuotaUsage usage, long fileBytes, Instant modified) {

        /** True if the spec asks for a recalculation whatever the usage: too big, or other limits. */
        boolean needsRecalculation(String currentLimits) {
            return fileBytes >= RECALCULATE_AT_BYTES || !limits.equals(currentLimits);
        }
    }

    public Path path() {
        return mailboxRoot.resolve(FILE);
    }

    /** The file's contents, or empty if it is missing or malformed (both call for a recalculation). */
    public Optional<Snapshot> read() throws IOException {
        byte[] bytes;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path(), BasicFileAttributes.class);
            bytes = Files.readAllBytes(path());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int newline = text.indexOf('\n');
        if (newline < 0) {
            return Optional.empty();
        }
        long total = 0;
        long count = 0;
        for (String line : text.substring(newline + 1).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 1 && fields[0].isEmpty()) {
                continue;
            }
            if (fields.length != 2) {
                return Optional.empty();
            }
            try {
                total += Long.parseLong(fields[0]);
                count += Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Snapshot(text.substring(0, newline).trim(), new QuotaUsage(total, count), bytes.length,
                attributes.lastModifiedTime().toInstant()));
    }

    /** True if the snapshot was written longer than {@link #STALE} ago. */
    public boolean isStale(Snapshot snapshot) {
        return snapshot.modified().plus(STALE).isBefore(clock.instant());
    }

    /**
     * Appends one delta line ({@code -<bytes> -1} for a removal). Does nothing if the file is
     * missing: the next delivery recalculates it from the folders, which already show the change.
     */
    public void append(long bytes, long messages) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((bytes + " " + messages + "\n").getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(line);
        } catch (NoSuchFileException e) {
            // Nobody keeps a quota file for this mailbox yet.
        }
    }

    /**
     * Counts every message of the mailbox and replaces the file with {@code limits} and that total:
     * written in tmp/, fsynced, renamed over. A scan is repeated while a folder's new/ or cur/
     * changed under it, as the spec asks.
     */
    public QuotaUsage recalculate(String limits) throws IOException {
        QuotaUsage usage = QuotaUsage.EMPTY;
        for (int attempt = 0; attempt < SCAN_ATTEMPTS; attempt++) {
            List<Path> dirs = countedDirectories();
            List<Instant> before = mtimes(dirs);
            usage = QuotaUsage.EMPTY;
            for (Path dir : dirs) {
                usage = scan(dir, usage);
            }
            if (before.equals(mtimes(dirs))) {
                break;
            }
        }
        Files.createDirectories(mailboxRoot.resolve("tmp"));
        Path tmp = mailboxRoot.resolve("tmp").resolve("maildirsize." + MaildirNames.uniqueBase(clock.instant(), hostname));
        try {
            Fsync.newFile(tmp, limits + "\n" + usage.bytes() + " " + usage.messages() + "\n");
            AtomicRename.replacing(tmp, path());
        } finally {
            Files.deleteIfExists(tmp);
        }
        return usage;
    }

    /** The size a message counts with: its {@code S=} field, or (foreign names only) its length on disk. */
    public static long sizeOf(Path file) throws IOException {
        OptionalLong named = MaildirNames.size(file.getFileName().toString());
        return named.isPresent() ? named.getAsLong() : Files.size(file);
    }

    /** The mailbox root a folder belongs to: its parent if it has the Maildir++ {@code maildirfolder} marker. */
    public static Path mailboxRootOf(Path folder) {
        return Files.exists(folder.resolve(FolderStore.MARKER)) ? folder.getParent() : folder;
    }

    /** True if messages in {@code folder} count against the quota under this setting. */
    public static boolean counts(Path folder, boolean countTrash) {
        return countTrash || !TRASH.equals(folder.getFileName().toString());
    }

    private List<Path> countedDirectories() throws IOException {
        List<Path> folders = new ArrayList<>();
        folders.add(mailboxRoot);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(mailboxRoot, ".?*")) {
            for (Path folder : stream) {
                String name = folder.getFileName().toString();
                if (!name.equals("..") && counts(folder, countTrash) && Files.isDirectory(folder)) {
                    folders.add(folder);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (Path folder : folders) {
            dirs.add(folder.resolve("new"));
            dirs.add(folder.resolve("cur"));
        }
        return dirs;
    }

    private static List<Instant> mtimes(List<Path> dirs) throws IOException {
        List<Instant> out = new ArrayList<>(dirs.size());
        for (Path dir : dirs) {
            try {
                out.add(Files.getLastModifiedTime(dir).toInstant());
            } catch (NoSuchFileException e) {
                out.add(Instant.EPOCH);
            }
        }
        return out;
    }

    private static QuotaUsage scan(Path dir, QuotaUsage usage) throws IOException {
        QuotaUsage sum = usage;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    sum = sum.plus(sizeOf(file), 1);
                } catch (NoSuchFileException gone) {
                    // Expunged while we listed: not counted.
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return usage;
        }
        return sum;
    }
}
