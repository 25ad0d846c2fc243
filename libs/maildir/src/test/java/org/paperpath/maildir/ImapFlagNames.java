package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IMAP flag names (RFC 3501 section 2.3.2) that a Maildir file name's info suffix means, read
 * the way Dovecot reads them: system flags from the upper-case letters, keywords from the letters
 * a–z through the folder's {@code dovecot-keywords}. What libs/maildir stores, spelled as an IMAP
 * server answers it, so a test can compare the two.
 */
final class ImapFlagNames {

    private static final Map<Character, String> SYSTEM = Map.of(
            MessageFlags.DRAFT, "\\Draft",
            MessageFlags.FLAGGED, "\\Flagged",
            MessageFlags.REPLIED, "\\Answered",
            MessageFlags.SEEN, "\\Seen",
            MessageFlags.TRASHED, "\\Deleted");

    private ImapFlagNames() {
    }

    static Set<String> of(Path folder, Path file) throws IOException {
        Map<Integer, String> keywords = DovecotKeywords.read(folder);
        Set<String> out = new TreeSet<>();
        for (char c : MessageFlags.ofFileName(file.getFileName().toString()).chars().toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                out.add(keywords.getOrDefault(c - 'a', "<unknown keyword letter " + c + ">"));
            } else {
                out.add(SYSTEM.getOrDefault(c, "<flag " + c + " Dovecot does not show>"));
            }
        }
        return out;
    }
}
