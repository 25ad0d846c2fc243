package org.paperpath.maildir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code dovecot-uidlist} exactly as Dovecot does (version 3; version 1, which is
 * also Courier's {@code courierimapuiddb} layout, is read too). Writers must hold the folder's
 * {@link MaildirLock}; readers need none because the file only grows by whole lines or is replaced
 * by rename.
 */
public final class UidlistFile {

    /** The file name in each folder, as Dovecot names it. */
    public static final String NAME = "dovecot-uidlist";

    private UidlistFile() {
    }

    /**
     * What a read found; {@code torn} if the last line lacked its newline (a writer crashed
     * mid-append); {@code version} the header's format version, 1 or 3. Lines may be appended only
     * to a version 3 file: {@link #append} writes version 3 lines, which a version 1 reader rejects.
     */
    public record ReadResult(Uidlist uidlist, boolean torn, int version) {
    }

    /**
     * Parses {@code file}; empty if it does not exist.
     *
     * @throws MalformedUidlistException if the header or a complete line is not in either format
     */
    public static Optional<ReadResult> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        boolean torn = !text.isEmpty() && !text.endsWith("\n");
        String[] lines = text.split("\n", -1);
        int complete = torn ? lines.length - 1 : lines.length;
        if (complete < 1 || lines[0].isEmpty()) {
            throw new MalformedUidlistException(file + ": no header");
        }
        String[] header = lines[0].split(" ");
        boolean v3 = header[0].equals("3");
        if (!v3 && !header[0].equals("1")) {
            throw new MalformedUidlistException(file + ": unsupported version " + header[0]);
        }
        long validity = 0;
        long next = 0;
        String guid = "";
        try {
            if (v3) {
                for (int i = 1; i < header.length; i++) {
                    String field = header[i];
                    if (field.startsWith("V")) {
                        validity = Long.parseLong(field.substring(1));
                    } else if (field.startsWith("N")) {
                        next = Long.parseLong(field.substring(1));
                    } else if (field.startsWith("G")) {
                        guid = field.substring(1);
                    }
                }
            } else {
                validity = Long.parseLong(header[1]);
                next = Long.parseLong(header[2]);
            }
            List<UidlistEntry> entries = new ArrayList<>();
            long last = 0;
            for (int i = 1; i < complete; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                UidlistEntry entry = v3 ? parseV3(lines[i]) : parseV1(lines[i]);
                if (entry.uid() <= last) {
                    throw new MalformedUidlistException(file + ": UIDs not ascending at line " + (i + 1));
                }
                last = entry.uid();
                entries.add(entry);
            }
            return Optional.of(new ReadResult(new Uidlist(validity, next, guid, entries), torn, v3 ? 3 : 1));
        } catch (RuntimeException e) {
            throw new MalformedUidlistException(file + ": " + e.getMessage());
        }
    }

    /**
     * One entry line without its newline, of a version 3 or a version 1 file: what {@link
     * UidlistTail} parses from lines appended since it last read the file.
     *
     * @throws RuntimeException if the line is in neither format
     */
    static UidlistEntry parseLine(String line, boolean v3) {
        return v3 ? parseV3(line) : parseV1(line);
    }

    /** {@code <uid> [<ext>...] :<name>}; the name is everything after the first token starting with ':'. */
    private static UidlistEntry parseV3(String line) {
        int space = line.indexOf(' ');
        long uid = Long.parseLong(line.substring(0, space));
        int colon = line.indexOf(" :", space - 1);
        if (colon < 0) {
            throw new IllegalArgumentException("no ':<filename>' in line: " + line);
        }
        String extensions = colon > space ? line.substring(space + 1, colon).strip() : "";
        return new UidlistEntry(uid, extensions, line.substring(colon + 2));
    }

    /** {@code <uid> <name>}; Dovecot v1 and courierimapuiddb. */
    private static UidlistEntry parseV1(String line) {
        int space = line.indexOf(' ');
        return UidlistEntry.of(Long.parseLong(line.substring(0, space)),
                MaildirNames.uniqueName(line.substring(space + 1)));
    }

    /** The version 3 header line with its newline. */
    static String header(Uidlist list) {
        StringBuilder out = new StringBuilder("3 V").append(list.uidValidity()).append(" N").append(list.nextUid());
        if (!list.guid().isEmpty()) {
            out.append(" G").append(list.guid());
        }
        return out.append('\n').toString();
    }

    /** One entry line with its newline. */
    static String line(UidlistEntry entry) {
        StringBuilder out = new StringBuilder().append(entry.uid()).append(' ');
        if (!entry.extensions().isEmpty()) {
            out.append(entry.extensions()).append(' ');
        }
        return out.append(':').append(entry.baseName()).append('\n').toString();
    }

    /**
     * Replaces {@code file} with {@code list} (header {@code N} = {@link Uidlist#nextUid()}): written
     * to a unique temporary file, fsynced, renamed over the old one. Caller holds the lock.
     */
    public static void write(Path file, Uidlist list) throws IOException {
        StringBuilder text = new StringBuilder(header(list));
        for (UidlistEntry entry : list.entries()) {
            text.append(line(entry));
        }
        Path tmp = file.resolveSibling(file.getFileName() + "." + MaildirNames.uniqueBase(Instant.now(), "tmp"));
        try {
            writeSynced(tmp, text.toString(), StandardOpenOption.CREATE_NEW);
            AtomicRename.replacing(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Fsync.directory(file.getParent());
    }

    /**
     * Appends {@code entries} as whole version 3 lines and fsyncs. Caller holds the lock and has read
     * the file untorn and in version 3 (a version 1 file is first rewritten by {@link #write}).
     */
    public static void append(Path file, List<UidlistEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        for (UidlistEntry entry : entries) {
            text.append(line(entry));
        }
        writeSynced(file, text.toString(), StandardOpenOption.APPEND);
    }

    private static void writeSynced(Path file, String text, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(file, mode, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            channel.force(true);
        }
    }
}
