package org.paperpath.imap.protocol.handler;

import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandHandler;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;

/** NOOP (RFC 3501 section 6.1.2); with no mailbox selected there is nothing to report. */
public final class NoopHandler implements ImapCommandHandler<ImapCommand.Noop> {

    @Override
    public Class<ImapCommand.Noop> commandType() {
        return ImapCommand.Noop.class;
    }

    @Override
    public ImapResponse handle(ImapCommand.Noop command, ImapSession session) {
        return ImapResponse.of(command.tag() + " OK NOOP completed");
    }
}
