package org.paperpath.imap.protocol.handler;

import java.util.List;
import org.paperpath.imap.protocol.ImapProtocol;

/** Builds the protocol with one handler per command. */
public final class ImapHandlers {

    private ImapHandlers() {
    }

    public static ImapProtocol protocol() {
        return new ImapProtocol(List.of(new CapabilityHandler(), new NoopHandler(), new LogoutHandler(),
                new UnsupportedHandler(), new UntaggedHandler()));
    }
}
