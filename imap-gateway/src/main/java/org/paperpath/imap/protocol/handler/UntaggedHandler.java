package org.paperpath.imap.protocol.handler;

import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandHandler;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;

/** A line with no usable tag: untagged {@code * BAD} (RFC 3501 section 7.1.3). */
public final class UntaggedHandler implements ImapCommandHandler<ImapCommand.Untagged> {

    @Override
    public Class<ImapCommand.Untagged> commandType() {
        return ImapCommand.Untagged.class;
    }

    @Override
    public ImapResponse handle(ImapCommand.Untagged command, ImapSession session) {
        return ImapResponse.of("* BAD " + command.reason());
    }
}
