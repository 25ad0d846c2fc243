package org.paperpath.maildir;

/**
 * One line of a {@code dovecot-uidlist}: {@code <uid> [<extension>...] :<baseName>}.
 *
 * @param uid the IMAP UID (RFC 3501 section 2.3.1.1), never reused in the folder's UIDVALIDITY
 * @param extensions Dovecot's per-message fields (such as {@code W1394}) kept verbatim, space
 *     separated; empty if none
 * @param baseName the file name before the {@code :2,} info suffix, the message's identity
 */
public record UidlistEntry(long uid, String extensions, String baseName) {

    public UidlistEntry {
        if (uid < 1 || uid > Uidlist.MAX_UID) {
            throw new IllegalArgumentException("UID out of range: " + uid);
        }
        if (baseName.isEmpty() || baseName.indexOf('\n') >= 0 || baseName.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not a Maildir base name: " + baseName);
        }
    }

    /** A line without extensions. */
    public static UidlistEntry of(long uid, String baseName) {
        return new UidlistEntry(uid, "", baseName);
    }
}
