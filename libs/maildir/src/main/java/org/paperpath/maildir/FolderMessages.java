package org.paperpath.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Expunge, copy and move of messages between the folders of one mailbox (IMAP EXPUNGE, COPY and
 * MOVE; RFC 3501 sections 6.4.3 and 6.4.7, RFC 6851). No lock is taken: each step is one atomic
 * link(2), rename(2) or unlink(2), retried when a concurrent flag change renamed the source first.
 * Every change is reflected in {@code maildirsize} with a delta line, {@code .Trash} left out
 * unless the policy counts it.
 *
 * <p>A copy gets a new unique name (it is a new message, with its own UID in the destination) and
 * is a hard link where the file system allows, else a copy written through the destination's tmp/.
 * A move keeps the file name. Keywords are carried by name: each keyword letter is looked up in the
 * source's {@code dovecot-keywords} and given the destination's letter for it.
 */
public final class FolderMessages {

    private static final int ATTEMPTS = 100;
    private static final Duration KEYWORD_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final FolderStore folders;
    private final String hostname;
    private final Clock clock;
    private final boolean countTrash;

    public FolderMessages(FolderStore folders, String hostname, boolean countTrash) {
        this(folders, hostname, Clock.systemUTC(), countTrash);
    }

    FolderMessages(FolderStore folders, String hostname, Clock clock, boolean countTrash) {
        this.folders = folders;
        this.hostname = hostname;
        this.clock = clock;
        this.countTrash = countTrash;
    }

    /** Deletes the message {@code baseName} of {@code folder}, whatever its flags. */
    public TransferOutcome expunge(FolderName folder, String baseName) throws IOException {
        Optional<Path> dir = existing(folder);
        if (dir.isEmpty()) {
            return new TransferOutcome.NoSuchFolder(folder);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Path> file = FlagUpdater.find(dir.get(), baseName);
            if (file.isEmpty()) {
                return new TransferOutcome.Gone(baseName);
            }
            long size = MaildirSize.sizeOf(file.get());
            if (Files.deleteIfExists(file.get())) {
                quotaDelta(dir.get(), -size, -1);
                return new TransferOutcome.Done(file.get().getFileName().toString());
            }
        }
        throw new IOException("message " + baseName + " kept moving under " + ATTEMPTS + " attempts");
    }

    /** Copies the message into {@code to} under a new unique name, keeping its flags and keywords. */
    public TransferOutcome copy(FolderName from, String baseName, FolderName to) throws IOException {
        Optional<Path> source = existing(from);
        Optional<Path> target = existing(to);
        if (source.isEmpty() || target.isEmpty()) {
            return new TransferOutcome.NoSuchFolder(source.isEmpty() ? from : to);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Path> file = FlagUpdater.find(source.get(), baseName);
            if (file.isEmpty()) {
                return new TransferOutcome.Gone(baseName);
            }
            long size = MaildirSize.sizeOf(file.get());
            String name = newUniqueName(file.get());
            Optional<String> info = info(file.get(), source.get(), target.get());
            Path destination = placeIn(target.get(), name, info);
            try {
                linkOrCopy(file.get(), destination, target.get().resolve("tmp").resolve(name));
            } catch (NoSuchFileException renamedMeanwhile) {
                continue;
            }
            Fsync.directory(destination.getParent());
            quotaDelta(target.get(), size, 1);
            return new TransferOutcome.Done(destination.getFileName().toString());
        }
        throw new IOException("message " + baseName + " kept moving under " + ATTEMPTS + " attempts");
    }

    /** Moves the message into {@code to} with one rename, keeping its file name (and so its flags). */
    public TransferOutcome move(FolderName from, String baseName, FolderName to) throws IOException {
        Optional<Path> source = existing(from);
        Optional<Path> target = existing(to);
        if (source.isEmpty() || target.isEmpty()) {
            return new TransferOutcome.NoSuchFolder(source.isEmpty() ? from : to);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Path> file = FlagUpdater.find(source.get(), baseName);
            if (file.isEmpty()) {
                return new TransferOutcome.Gone(baseName);
            }
            long size = MaildirSize.sizeOf(file.get());
            Optional<String> info = info(file.get(), source.get(), target.get());
            Path destination = placeIn(target.get(), baseName, info);
            if (Files.exists(destination)) {
                throw new FileAlreadyExistsException(destination.toString(), null, "a message with this name is there");
            }
            try {
                AtomicRename.move(file.get(), destination);
            } catch (NoSuchFileException renamedMeanwhile) {
                continue;
            }
            Fsync.directory(destination.getParent());
            boolean wasCounted = MaildirSize.counts(source.get(), countTrash);
            boolean isCounted = MaildirSize.counts(target.get(), countTrash);
            if (wasCounted != isCounted) {
                quotaDelta(isCounted ? target.get() : source.get(), isCounted ? size : -size, isCounted ? 1 : -1);
            }
            return new TransferOutcome.Done(destination.getFileName().toString());
        }
        throw new IOException("message " + baseName + " kept moving under " + ATTEMPTS + " attempts");
    }

    /** Never a symbolic link: a link named like a folder could lead out of the mailbox ({@link FolderStore#existing}). */
    private Optional<Path> existing(FolderName name) {
        return folders.existing(name);
    }

    /** A fresh unique name with the source's size fields ({@code ,S=...,W=...}), or {@code ,S=} from its length. */
    private String newUniqueName(Path source) throws IOException {
        String unique = MaildirNames.uniqueName(source.getFileName().toString());
        int comma = unique.indexOf(',');
        String fields = comma >= 0 ? unique.substring(comma) : ",S=" + Files.size(source);
        return MaildirNames.uniqueBase(clock.instant(), hostname) + fields;
    }

    /**
     * The info flags for the destination, keyword letters translated from {@code from}'s
     * {@code dovecot-keywords} to {@code to}'s; empty if the file has no info (it stays in new/).
     */
    private Optional<String> info(Path file, Path from, Path to) throws IOException {
        String fileName = file.getFileName().toString();
        if (fileName.indexOf(MessageFlags.INFO_PREFIX) < 0) {
            return Optional.empty();
        }
        MessageFlags flags = MessageFlags.ofFileName(fileName);
        if (from.equals(to)) {
            return Optional.of(flags.chars());
        }
        Map<Integer, String> keywords = DovecotKeywords.read(from);
        StringBuilder out = new StringBuilder();
        for (char c : flags.chars().toCharArray()) {
            if (c < 'a' || c > 'z') {
                out.append(c);
                continue;
            }
            String keyword = keywords.get(c - 'a');
            if (keyword != null) {
                DovecotKeywords.letterFor(to, keyword, hostname, KEYWORD_LOCK_TIMEOUT).ifPresent(out::append);
            }
        }
        return Optional.of(MessageFlags.of(out).chars());
    }

    /** Hard-links {@code source} to {@code destination}; where links are refused, copies through {@code tmp}. */
    private static void linkOrCopy(Path source, Path destination, Path tmp) throws IOException {
        try {
            Files.createLink(destination, source);
            return;
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException linksRefused) {
            // EXDEV, EPERM or a file system without links: fall back to a copy.
        }
        try {
            try (InputStream in = Files.newInputStream(source);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(java.nio.channels.Channels.newOutputStream(out));
                out.force(true);
            }
            AtomicRename.move(tmp, destination);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void quotaDelta(Path folder, long bytes, long messages) throws IOException {
        if (MaildirSize.counts(folder, countTrash)) {
            new MaildirSize(folders.root(), hostname, clock, countTrash).append(bytes, messages);
        }
    }

    /** Where a message named {@code name} goes in {@code folder}: cur/ with its info, or new/ without. */
    private static Path placeIn(Path folder, String name, Optional<String> info) {
        return info.isPresent() ? folder.resolve("cur").resolve(name + MessageFlags.INFO_PREFIX + info.get())
                : folder.resolve("new").resolve(name);
    }
}
