package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The mailbox's {@code subscriptions} file at the Maildir++ root (IMAP SUBSCRIBE/LSUB/LIST
 * (SUBSCRIBED), RFC 3501 section 6.3.6) in the format Dovecot writes (subscription-file.c, version 2):
 * the header {@code V<TAB>2} and an empty line, then one name per line with its hierarchy components
 * separated by TAB, in UTF-8. Version 1 files (one name per line, {@code .} separated) are read too.
 * Changes are made under {@code subscriptions.lock} and written by rename.
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        boolean v2 = text.startsWith(V2_HEADER);
        Set<FolderName> out = new LinkedHashSet<>();
        for (String line : (v2 ? text.substring(V2_HEADER.length()) : text).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(FolderName.parse(line, v2 ? '\t' : '.'));
            } catch (InvalidFolderNameException skipped) {
                // Written by someone else with rules we do not share; never offered as a folder.
            }
        }
        return new ArrayList<>(out);
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
            Set<FolderName> names = new LinkedHashSet<>(read());
            boolean changed = subscribed ? names.add(name) : names.remove(name);
            if (changed) {
                write(names);
            }
            return true;
        }
    }

    private void write(Set<FolderName> names) throws IOException {
        StringBuilder text = new StringBuilder(V2_HEADER);
        for (FolderName name : names) {
            text.append(name.toString('\t')).append('\n');
        }
        Path tmp = file.resolveSibling(NAME + "." + MaildirNames.uniqueBase(Instant.now(), "tmp"));
        try {
            Fsync.newFile(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
