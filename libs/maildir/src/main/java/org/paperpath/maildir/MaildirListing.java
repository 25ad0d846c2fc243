package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What {@link Maildir#list()} last found in one Maildir, kept by a {@link ScanCache}: each of new/
 * and cur/ with the stamp it had just before it was listed and its messages in delivery order. A
 * rescan with both stamps unchanged (and settled) returns the last list; otherwise only the
 * directory whose stamp changed is listed, and only its names not seen before are looked at
 * (stat, and for foreign names without {@code W=}, a read for the CRLF size).
 */
final class MaildirListing implements ScanCache.Snapshot {


    /** A listed file; ordered oldest delivery first, ties by name (what {@link Maildir#list()} promises). */
    private record Listed(String fileName, MaildirMessage message, long micros) {
    }

    /** One directory as last listed. */
    private record Dir(FileStamp stamp, boolean settled, Map<String, Listed> byName, List<Listed> sorted) {

        static final Dir NONE = new Dir(FileStamp.ABSENT, false, Map.of(), List.of());
    }

    private record Answer(Dir newDir, Dir curDir, List<MaildirMessage> messages) {
    }

    private final Path root;
    private volatile Answer answer;

    MaildirListing(Path root) {
        this.root = root;
    }

    @Override
    public int messageCount() {
        Answer a = answer;
        return a == null ? 0 : a.messages().size();
    }

    /** The messages in new/ and cur/, oldest delivery first, looking again only where something changed. */
    List<MaildirMessage> list(ScanCache cache) throws IOException {
        Answer a = answer;
        if (a != null && a.newDir().settled() && a.curDir().settled()
                && cache.stamp(root.resolve("new")).equals(a.newDir().stamp())
                && cache.stamp(root.resolve("cur")).equals(a.curDir().stamp())) {
            return a.messages();
        }
        synchronized (this) {
            Answer before = answer == null ? new Answer(Dir.NONE, Dir.NONE, List.of()) : answer;
            Dir newDir = refresh(cache, root.resolve("new"), before.newDir());
            Dir curDir = refresh(cache, root.resolve("cur"), before.curDir());
            List<MaildirMessage> messages = newDir == before.newDir() && curDir == before.curDir()
                    ? before.messages() : merge(newDir.sorted(), curDir.sorted());
            answer = new Answer(newDir, curDir, messages);
            return messages;
        }
    }

    /** {@code dir} again if its stamp changed, else {@code known}; reuses what it knew of names that stayed. */
    private static Dir refresh(ScanCache cache, Path dir, Dir known) throws IOException {
        ScanCache.Look look = cache.look(dir, known.stamp(), known.settled());
        if (look.names() == null) {
            return known;
        }
        Map<String, Listed> byName = new HashMap<>(look.names().size() * 2);
        List<Listed> kept = new ArrayList<>();
        List<Listed> added = new ArrayList<>();
        for (String fileName : look.names()) {
            Listed seen = known.byName().get(fileName);
            if (seen == null) {
                seen = examine(dir, fileName);
                if (seen == null) {
                    continue;
                }
                added.add(seen);
            }
            // Keyed by the kept entry's own name, so the lookups below match by identity.
            byName.put(seen.fileName(), seen);
        }
        if (byName.size() - added.size() == known.byName().size()) {
            kept.addAll(known.sorted());
        } else {
            for (Listed l : known.sorted()) {
                if (byName.get(l.fileName()) == l) {
                    kept.add(l);
                }
            }
        }
        added.sort(MaildirListing::compare);
        return new Dir(look.stamp(), look.settled(), byName, mergeSorted(kept, added));
    }

    /** A name not seen before: null unless it is a regular file still there. */
    private static Listed examine(Path dir, String fileName) throws IOException {
        Path file = dir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        OptionalLong time = MaildirNames.deliveryMicros(fileName);
        OptionalLong crlfInName = MaildirNames.crlfSize(fileName);
        try {
            long crlf = crlfInName.isPresent() ? crlfInName.getAsLong() : LineEndings.crlfSize(file);
            long micros = time.isPresent() ? time.getAsLong() : Files.getLastModifiedTime(file).toMillis() * 1000L;
            return new Listed(fileName, new MaildirMessage(MaildirNames.uniqueName(fileName), file, crlf), micros);
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** {@code a} and {@code b} merged (ties: {@code a} first); mostly one list simply follows the other. */
    private static List<Listed> mergeSorted(List<Listed> a, List<Listed> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Listed> out = new ArrayList<>(a.size() + b.size());
        if (compare(a.get(a.size() - 1), b.get(0)) <= 0) {
            out.addAll(a);
            out.addAll(b);
            return out;
        }
        if (compare(b.get(b.size() - 1), a.get(0)) < 0) {
            out.addAll(b);
            out.addAll(a);
            return out;
        }
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            out.add(compare(a.get(i), b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
        }
        out.addAll(a.subList(i, a.size()));
        out.addAll(b.subList(j, b.size()));
        return out;
    }

    private static int compare(Listed x, Listed y) {
        int byTime = Long.compare(x.micros(), y.micros());
        return byTime != 0 ? byTime : x.message().uniqueName().compareTo(y.message().uniqueName());
    }

    private static List<MaildirMessage> merge(List<Listed> a, List<Listed> b) {
        List<Listed> all = mergeSorted(a, b);
        List<MaildirMessage> out = new ArrayList<>(all.size());
        for (Listed l : all) {
            out.add(l.message());
        }
        return Collections.unmodifiableList(out);
    }
}
