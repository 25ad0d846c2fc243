package org.paperpath.maildir;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips each test of an interoperability IT where the real server it runs against is absent, and
 * prints why, so that a skipped run says what to install: {@code @ExtendWith(PeerInstalled.Dovecot.class)}
 * or {@code @ExtendWith(PeerInstalled.Courier.class)}. It runs before the class's own
 * {@code @BeforeEach} methods.
 */
abstract class PeerInstalled implements BeforeEachCallback {

    /** Why the peer cannot run here, or an empty string if it can. */
    abstract String unavailableReason();

    @Override
    public void beforeEach(ExtensionContext context) {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            System.err.println(context.getRequiredTestClass().getSimpleName() + " skipped: " + reason);
        }
        Assumptions.assumeTrue(reason.isEmpty(), reason);
    }

    /** Debian's Dovecot IMAP server, see {@link DovecotImapProcess}. */
    static final class Dovecot extends PeerInstalled {
        @Override
        String unavailableReason() {
            return DovecotImapProcess.unavailableReason();
        }
    }

    /** The unpacked Courier-IMAP, see {@link CourierImapProcess}. */
    static final class Courier extends PeerInstalled {
        @Override
        String unavailableReason() {
            return CourierImapProcess.located().unavailableReason();
        }
    }
}
