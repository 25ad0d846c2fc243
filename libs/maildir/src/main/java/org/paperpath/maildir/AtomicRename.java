package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * rename(2) on the mail volume, the one way a file in a Maildir changes its name or directory: a
 * reader sees it under the old name or the new one, never under neither and never half written
 * (the maildir spec). Where the volume cannot rename atomically, java.nio would fall back to a copy
 * and a delete; that is refused with one clear error instead. The exceptions of a rename that
 * lost a race ({@link java.nio.file.NoSuchFileException}, {@link java.nio.file.FileAlreadyExistsException},
 * {@link java.nio.file.DirectoryNotEmptyException}) reach the caller as they are.
 */
final class AtomicRename {

    private AtomicRename() {
    }

    /** Renames {@code from} to {@code to} (a file already at {@code to} is replaced, as rename(2) does). */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw unsupported(e);
        }
    }

    /** Renames {@code from} over {@code to}: the way a rewritten state file replaces the old one. */
    static void replacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw unsupported(e);
        }
    }

    private static IOException unsupported(AtomicMoveNotSupportedException e) {
        return new IOException("mail volume does not support atomic rename", e);
    }
}
