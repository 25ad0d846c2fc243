package org.paperpath.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How far a scan has read a {@code dovecot-uidlist}, so that the next one reads only the lines
 * appended since. Writers append whole lines under the lock and replace the file by rename for
 * anything else, so a file with the same inode that has not shrunk has only grown at its end. An
 * inode can be reused after a rename, though (Dovecot's maildir-sync.c warns of it): the header
 * line and the last line read are compared too before the tail is trusted. Read under the folder's
 * lock only.
 *
 * @param stamp the file as it was when read up to {@code length}
 * @param settled whether {@code stamp} was older than the settle margin when taken
 * @param length bytes read: the end of the last complete line
 * @param header the first line with its newline
 * @param lastLineOffset where the last complete line starts
 * @param lastLine the last complete line with its newline (the header if there are no entries)
 */
record UidlistTail(FileStamp stamp, boolean settled, long length, byte[] header, long lastLineOffset, byte[] lastLine) {

    private static final int MAX_LINE = 4096;

    /** Entries appended since this tail, and the tail after them. */
    record Appended(List<UidlistEntry> entries, UidlistTail tail) {
    }

    /** The tail of a file just read in full (untorn) under the lock; empty if it cannot be checked later. */
    static Optional<UidlistTail> of(Path file, FileStamp stamp, boolean settled) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size != stamp.size()) {
                return Optional.empty();
            }
            byte[] start = read(channel, 0, (int) Math.min(size, MAX_LINE));
            int headerEnd = indexOf(start, 0) + 1;
            long from = Math.max(0, size - MAX_LINE);
            byte[] end = read(channel, from, (int) (size - from));
            int lastStart = lastIndexOf(end, end.length - 2) + 1;
            if (headerEnd == 0 || end.length == 0 || end[end.length - 1] != '\n' || (lastStart == 0 && from > 0)) {
                return Optional.empty();
            }
            return Optional.of(new UidlistTail(stamp, settled, size, Arrays.copyOf(start, headerEnd),
                    from + lastStart, Arrays.copyOfRange(end, lastStart, end.length)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries appended to {@code file} since this tail, if the file now stamped {@code now} is
     * this one grown at its end by whole lines; empty if it must be read in full (replaced, shrunk,
     * rewritten in place, torn or unparsable: the full read decides what is wrong).
     */
    Optional<Appended> appended(Path file, FileStamp now, boolean nowSettled, ScanCache cache) throws IOException {
        if (!now.sameFile(stamp) || now.size() < length) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] grown = read(channel, length, (int) Math.min(Integer.MAX_VALUE - 8, size - length));
            cache.countUidlistBytes(header.length + lastLine.length + grown.length);
            if (!Arrays.equals(read(channel, 0, header.length), header)
                    || !Arrays.equals(read(channel, lastLineOffset, lastLine.length), lastLine)
                    || (grown.length > 0 && grown[grown.length - 1] != '\n')) {
                return Optional.empty();
            }
            boolean v3 = header[0] == '3';
            long lastUid = lastLineOffset == 0 ? 0 : UidlistFile.parseLine(text(lastLine), v3).uid();
            List<UidlistEntry> entries = new ArrayList<>();
            int lineStart = 0;
            long newLastOffset = lastLineOffset;
            int newLastStart = -1;
            for (int i = 0; i < grown.length; i++) {
                if (grown[i] == '\n') {
                    if (i > lineStart) {
                        UidlistEntry entry = UidlistFile.parseLine(
                                new String(grown, lineStart, i - lineStart, StandardCharsets.UTF_8), v3);
                        if (entry.uid() <= lastUid) {
                            return Optional.empty();
                        }
                        lastUid = entry.uid();
                        entries.add(entry);
                    }
                    newLastStart = lineStart;
                    lineStart = i + 1;
                }
            }
            FileStamp stamped = now.size() == length + grown.length ? now : cache.stamp(file);
            if (newLastStart < 0) {
                return Optional.of(new Appended(entries, new UidlistTail(stamped, nowSettled, length, header,
                        lastLineOffset, lastLine)));
            }
            newLastOffset = length + newLastStart;
            return Optional.of(new Appended(entries, new UidlistTail(stamped, nowSettled && stamped.equals(now),
                    length + grown.length, header, newLastOffset, Arrays.copyOfRange(grown, newLastStart, grown.length))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (RuntimeException unparsable) {
            return Optional.empty();
        }
    }

    /** This tail after this process appended {@code lines} (whole lines, UTF-8) and found the file {@code now}. */
    Optional<UidlistTail> afterAppend(String lines, String lastLineText, FileStamp now, boolean nowSettled) {
        byte[] added = lines.getBytes(StandardCharsets.UTF_8);
        byte[] last = lastLineText.getBytes(StandardCharsets.UTF_8);
        long newLength = length + added.length;
        if (!now.sameFile(stamp) || now.size() != newLength) {
            // Someone wrote without the lock: read it all next time.
            return Optional.empty();
        }
        return Optional.of(new UidlistTail(now, nowSettled, newLength, header, newLength - last.length, last));
    }

    private static byte[] read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return Arrays.copyOf(buffer.array(), buffer.position());
            }
        }
        return buffer.array();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] line) {
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }
}
