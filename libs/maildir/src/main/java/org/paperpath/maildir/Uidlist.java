package org.paperpath.maildir;

import java.util.List;

/**
 * The contents of a folder's {@code dovecot-uidlist} (Dovecot's "Maildir mailbox format" page,
 * version 3): header {@code 3 V<uidvalidity> N<nextuid> G<guid>}, then one {@link UidlistEntry}
 * per message in ascending UID order.
 *
 * @param uidValidity RFC 3501 section 2.3.1.1 UIDVALIDITY, 1..2^32-1
 * @param headerNextUid the header's {@code N}; entries appended since the last rewrite may exceed
 *     it, see {@link #nextUid()}
 * @param guid the mailbox GUID as 32 hex digits, or empty if the file had none
 * @param entries in file order (ascending UIDs)
 */
public record Uidlist(long uidValidity, long headerNextUid, String guid, List<UidlistEntry> entries) {

    /** UIDs are 32-bit unsigned non-zero numbers (RFC 3501 section 9, nz-number). */
    public static final long MAX_UID = 0xFFFF_FFFFL;

    public Uidlist {
        if (uidValidity < 1 || uidValidity > MAX_UID) {
            throw new IllegalArgumentException("UIDVALIDITY out of range: " + uidValidity);
        }
        entries = List.copyOf(entries);
    }

    /**
     * The UID the next new message gets: the larger of the header's {@code N} and the last entry's
     * UID + 1, because writers append entries without rewriting the header.
     */
    public long nextUid() {
        long afterLast = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).uid() + 1;
        return Math.max(Math.max(1, headerNextUid), afterLast);
    }
}
