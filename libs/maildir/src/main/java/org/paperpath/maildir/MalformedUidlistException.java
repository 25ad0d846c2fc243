package org.paperpath.maildir;

import java.io.IOException;

/** A {@code dovecot-uidlist} or {@code courierimapuiddb} that is in neither known format. */
public final class MalformedUidlistException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedUidlistException(String message) {
        super(message);
    }
}
