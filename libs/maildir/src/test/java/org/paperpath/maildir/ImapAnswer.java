package org.paperpath.maildir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the untagged responses of a real IMAP server's transcript (RFC 3501 section 7) that the
 * interoperability tests compare with what libs/maildir sees: FETCH UID, FLAGS and Subject, STATUS,
 * LIST and QUOTA (RFC 2087). Parsing is deliberately narrow: what these servers answer to our own scripts.
 */
final class ImapAnswer {

    private static final Pattern FETCH = Pattern.compile("\\* \\d+ FETCH \\(");
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final Pattern LIST = Pattern.compile("^\\* LIST \\(([^)]*)\\) \"\\.\" (\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)\r?$",
            Pattern.MULTILINE);

    private final String text;

    ImapAnswer(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /**
     * One FETCH response (RFC 3501 section 7.4.2).
     *
     * @param flags without the session flag {@code \Recent}; empty if FLAGS was not asked for
     * @param subject the Subject header's value if {@code BODY.PEEK[HEADER.FIELDS (SUBJECT)]} was asked for, else empty
     */
    record Fetched(long uid, Set<String> flags, String subject) {
    }

    /** UID to flags of the FETCH responses to the command tagged {@code tag}. */
    Map<Long, Set<String>> uidFlags(String tag) {
        Map<Long, Set<String>> out = new LinkedHashMap<>();
        for (Fetched f : fetched(tag)) {
            out.put(f.uid(), f.flags());
        }
        return out;
    }

    /** UID to subject of the FETCH responses to the command tagged {@code tag}. */
    Map<Long, String> uidSubjects(String tag) {
        Map<Long, String> out = new LinkedHashMap<>();
        for (Fetched f : fetched(tag)) {
            out.put(f.uid(), f.subject());
        }
        return out;
    }

    /** The FETCH responses (with a UID) between the completion before {@code tag} and that of {@code tag}. */
    List<Fetched> fetched(String tag) {
        List<Fetched> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(tag + " ")) {
                return out;
            }
            if (!line.startsWith("*") && !line.startsWith("+") && line.matches("\\w+ (OK|NO|BAD)\\b.*")) {
                out.clear();
            }
            Matcher fetch = FETCH.matcher(line);
            Matcher uid = UID.matcher(line);
            if (!fetch.lookingAt() || !uid.find()) {
                continue;
            }
            Set<String> set = new TreeSet<>();
            Matcher flags = FLAGS.matcher(line);
            if (flags.find()) {
                for (String flag : flags.group(1).split(" ")) {
                    if (!flag.isEmpty() && !flag.equals("\\Recent")) {
                        set.add(flag);
                    }
                }
            }
            String subject = "";
            if (line.endsWith("}") && i + 1 < lines.length && lines[i + 1].startsWith("Subject: ")) {
                subject = lines[i + 1].substring("Subject: ".length());
            }
            out.add(new Fetched(Long.parseLong(uid.group(1)), set, subject));
        }
        throw new AssertionError("no completion of " + tag + " in:\n" + text);
    }

    /** One item (MESSAGES, UIDNEXT, UIDVALIDITY) of the STATUS response for {@code mailbox} (wire name, unquoted). */
    long status(String mailbox, String item) {
        Matcher m = Pattern.compile("^\\* STATUS \"?" + Pattern.quote(mailbox) + "\"? \\(([^)]*)\\)", Pattern.MULTILINE)
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no STATUS for " + mailbox + " in:\n" + text);
        }
        Matcher value = Pattern.compile("\\b" + item + " (\\d+)").matcher(m.group(1));
        if (!value.find()) {
            throw new AssertionError("no " + item + " in STATUS for " + mailbox + ": " + m.group(1));
        }
        return Long.parseLong(value.group(1));
    }

    /** Every LIST response as wire name (quotes removed) to its attributes. */
    Map<String, Set<String>> list() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = LIST.matcher(text);
        while (m.find()) {
            String name = m.group(2);
            if (name.startsWith("\"")) {
                name = name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            out.put(name, new TreeSet<>(List.of(m.group(1).split(" "))));
        }
        return out;
    }

    /** The usage and limit pairs of a QUOTA response, e.g. {@code STORAGE -> [1, 1000]}. */
    Map<String, long[]> quota(String root) {
        Matcher m = Pattern.compile("^\\* QUOTA \"?" + Pattern.quote(root) + "\"? \\(([^)]*)\\)", Pattern.MULTILINE)
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no QUOTA for " + root + " in:\n" + text);
        }
        String[] f = m.group(1).split(" ");
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i + 2 < f.length; i += 3) {
            out.put(f[i], new long[] {Long.parseLong(f[i + 1]), Long.parseLong(f[i + 2])});
        }
        return out;
    }

    /** The APPENDUID (RFC 4315) of the tagged OK of {@code tag}, as {uidvalidity, uid}. */
    Optional<long[]> appendUid(String tag) {
        Matcher m = Pattern.compile("^" + Pattern.quote(tag) + " OK \\[APPENDUID (\\d+) (\\d+)\\]", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))})
                : Optional.empty();
    }

    /** Tags whose completion was not OK, so a test can show them first when something went wrong. */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("^(\\w+) (NO|BAD) .*$", Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
