package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Changes a message's flags with one rename into cur/ (maildir spec, "info semantics"), without a
 * lock: the base name, and so the UID, stays. When another writer renamed the file first (its
 * flags or the new/ to cur/ move), the rename fails with ENOENT; the file is then found again by
 * base name and the change is applied to the flags it has now, so neither writer's change is lost.
 */
public final class FlagUpdater {

    private static final int ATTEMPTS = 100;

    private FlagUpdater() {
    }

    /**
     * Applies {@code change} to the current flags of the message {@code baseName} in {@code folder}.
     *
     * @throws IOException on I/O failure, or if other writers renamed the file on every one of many attempts
     */
    public static FlagOutcome update(Path folder, String baseName, UnaryOperator<MessageFlags> change) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Path> current = find(folder, baseName);
            if (current.isEmpty()) {
                return new FlagOutcome.Gone(baseName);
            }
            Path from = current.get();
            String fromName = from.getFileName().toString();
            MessageFlags now = MessageFlags.ofFileName(fromName);
            String toName = change.apply(now).fileName(baseName);
            Path to = folder.resolve("cur").resolve(toName);
            if (to.equals(from)) {
                return new FlagOutcome.Unchanged(toName);
            }
            try {
                AtomicRename.move(from, to);
                return new FlagOutcome.Changed(toName);
            } catch (NoSuchFileException renamedMeanwhile) {
                Thread.onSpinWait();
            }
        }
        throw new IOException("flags of " + baseName + " kept changing under " + ATTEMPTS + " attempts");
    }

    /**
     * The info letter that stores IMAP flag {@code imapFlag} in {@code folder}, as Dovecot 2.3 does:
     * a system flag's upper-case letter ({@link MessageFlags#systemLetter}), else the keyword's
     * {@code dovecot-keywords} letter, added if the folder lacks it. {@code $Forwarded} is such a
     * keyword, never the info flag {@code P}.
     *
     * @return empty if the keyword is new and all 26 letters are taken, or its lock was not had in time
     * @throws IllegalArgumentException if {@code imapFlag} is neither a system flag nor an IMAP atom
     */
    public static Optional<Character> letterFor(Path folder, String imapFlag, String host, Duration lockTimeout)
            throws IOException {
        Optional<Character> system = MessageFlags.systemLetter(imapFlag);
        return system.isPresent() ? system : DovecotKeywords.letterFor(folder, imapFlag, host, lockTimeout);
    }

    /** The file with {@code baseName} in new/ or cur/, whatever its info suffix. */
    public static Optional<Path> find(Path folder, String baseName) throws IOException {
        Path inNew = folder.resolve("new").resolve(baseName);
        if (Files.exists(inNew)) {
            return Optional.of(inNew);
        }
        for (Path p : UidScanner.files(folder.resolve("cur"))) {
            if (MaildirNames.uniqueName(p.getFileName().toString()).equals(baseName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
