package org.paperpath.imap.protocol.handler;

import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandHandler;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;

/** CAPABILITY (RFC 3501 section 6.1.1). */
public final class CapabilityHandler implements ImapCommandHandler<ImapCommand.Capability> {

    /** What this gateway can do so far; grows with each command implemented. */
    public static final String CAPABILITIES = "IMAP4rev1";

    @Override
    public Class<ImapCommand.Capability> commandType() {
        return ImapCommand.Capability.class;
    }

    @Override
    public ImapResponse handle(ImapCommand.Capability command, ImapSession session) {
        return ImapResponse.of("* CAPABILITY " + CAPABILITIES, command.tag() + " OK CAPABILITY completed");
    }
}
