package org.paperpath.imap.protocol.handler;

import org.paperpath.imap.protocol.ImapCommand;
import org.paperpath.imap.protocol.ImapCommandHandler;
import org.paperpath.imap.protocol.ImapResponse;
import org.paperpath.imap.protocol.ImapSession;
import org.paperpath.imap.protocol.ImapState;

/** LOGOUT (RFC 3501 section 6.1.3): untagged BYE, tagged OK, then the server closes. */
public final class LogoutHandler implements ImapCommandHandler<ImapCommand.Logout> {

    @Override
    public Class<ImapCommand.Logout> commandType() {
        return ImapCommand.Logout.class;
    }

    @Override
    public ImapResponse handle(ImapCommand.Logout command, ImapSession session) {
        session.moveTo(new ImapState.Logout());
        return ImapResponse.of("* BYE Paperpath IMAP signing off", command.tag() + " OK LOGOUT completed");
    }
}
