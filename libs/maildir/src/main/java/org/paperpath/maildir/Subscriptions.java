package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mailbox's {@code subscriptions} file at the Maildir++ root (IMAP SUBSCRIBE/LSUB/LIST
 * (SUBSCRIBED), RFC 3501 section 6.3.6) in the format Dovecot writes (subscription-file.c, version 2):
 * the header {@code V<TAB>2} and an empty line, then one name per line with its hierarchy components
 * separated by TAB, in UTF-8. Version 1 files (one name per line, {@code .} separated) are read too.
 * Changes are made under {@code subscriptions.lock} and written by rename. Entries are read with
 * {@link FolderName#fromDisk}'s path-safety rules, like the folders {@link FolderStore} lists, so a
 * folder another server created and subscribed (Dovecot allows a trailing space or a backslash) is
 * shown subscribed too; a change keeps every entry another server wrote, also those that are no
 * safe name at all.
 */
public final class Subscriptions {

    public static final String NAME = "subscriptions";
    private static final String V2_HEADER = "V\t2\n\n";

    private final Path file;
    private final String host;
    private final Duration lockTimeout;

    public Subscriptions(Path mailRoot, String host, Duration lockTimeout) {
        this.file = mailRoot.resolve(NAME);
        this.host = host;
        this.lockTimeout = lockTimeout;
    }

    /** The subscribed names in file order; lines that are not valid names are skipped. */
    public List<FolderName> read() throws IOException {
        Set<FolderName> out = new LinkedHashSet<>();
        for (String entry : entries()) {
            parse(entry).ifPresent(out::add);
        }
        return new ArrayList<>(out);
    }

    /** Every entry as a version 2 line (components separated by TAB), valid names or not, in file order. */
    private Set<String> entries() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new LinkedHashSet<>();
        }
        boolean v2 = text.startsWith(V2_HEADER);
        Set<String> out = new LinkedHashSet<>();
        for (String line : (v2 ? text.substring(V2_HEADER.length()) : text).split("\n")) {
            if (!line.isEmpty()) {
                out.add(v2 ? line : line.replace('.', '\t'));
            }
        }
        return out;
    }

    private static Optional<FolderName> parse(String entry) {
        if (entry.equalsIgnoreCase("INBOX")) {
            return Optional.of(FolderName.INBOX);
        }
        try {
            return Optional.of(FolderName.fromDisk(List.of(entry.split("\t", -1))));
        } catch (InvalidFolderNameException unsafe) {
            // Kept in the file, never offered as a folder.
            return Optional.empty();
        }
    }

    /** @return false if another node held the lock for the whole timeout (nothing changed) */
    public boolean subscribe(FolderName name) throws IOException {
        return change(name, true);
    }

    /** @return false if another node held the lock for the whole timeout (nothing changed) */
    public boolean unsubscribe(FolderName name) throws IOException {
        return change(name, false);
    }

    private boolean change(FolderName name, boolean subscribed) throws IOException {
        Files.createDirectories(file.getParent());
        LockOutcome outcome = MaildirLock.acquire(file.resolveSibling(NAME + ".lock"), host, lockTimeout);
        if (!(outcome instanceof LockOutcome.Acquired)) {
            return false;
        }
        try (MaildirLock lock = ((LockOutcome.Acquired) outcome).lock()) {
            Set<String> entries = entries();
            boolean present = entries.removeIf(entry -> parse(entry).filter(name::equals).isPresent());
            if (subscribed) {
                entries.add(name.toString('\t'));
            }
            if (present != subscribed) {
                write(entries);
            }
            return true;
        }
    }

    private void write(Set<String> entries) throws IOException {
        StringBuilder text = new StringBuilder(V2_HEADER);
        for (String entry : entries) {
            text.append(entry).append('\n');
        }
        Path tmp = file.resolveSibling(NAME + "." + MaildirNames.uniqueBase(Instant.now(), "tmp"));
        try {
            Fsync.newFile(tmp, text);
            AtomicRename.replacing(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
