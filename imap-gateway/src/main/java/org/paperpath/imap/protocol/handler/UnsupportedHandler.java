package org.paperpath.imap.protocol.handler;

import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandHandler;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;

/** Any tagged command not implemented yet: {@code tag BAD} (RFC 3501 section 7.1.3). */
public final class UnsupportedHandler implements ImapCommandHandler<ImapCommand.Unsupported> {

    @Override
    public Class<ImapCommand.Unsupported> commandType() {
        return ImapCommand.Unsupported.class;
    }

    @Override
    public ImapResponse handle(ImapCommand.Unsupported command, ImapSession session) {
        return ImapResponse.of(command.tag() + " BAD command not supported yet");
    }
}
