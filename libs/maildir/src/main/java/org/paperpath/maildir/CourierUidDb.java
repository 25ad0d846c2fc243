package org.paperpath.maildir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Courier-IMAP's per-folder {@code courierimapuiddb}: first line {@code 1 <uidvalidity> <nextuid>},
 * then {@code <uid> <filename>} lines, the layout of Dovecot's uidlist version 1. Imported once,
 * when a folder has no {@code dovecot-uidlist} yet, so that a mailbox taken over from Courier keeps
 * its UIDs and UIDVALIDITY and no client downloads it again.
 */
public final class CourierUidDb {

    /** The file name in each folder, as Courier names it. */
    public static final String NAME = "courierimapuiddb";

    private CourierUidDb() {
    }

    /** The folder's Courier UIDs as a uidlist (no GUID), or empty if it has no courierimapuiddb. */
    public static Optional<Uidlist> read(Path folder) throws IOException {
        return UidlistFile.read(folder.resolve(NAME)).map(UidlistFile.ReadResult::uidlist);
    }
}
