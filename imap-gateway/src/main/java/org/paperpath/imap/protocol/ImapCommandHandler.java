package org.paperpath.imap.protocol;

/** Executes one kind of command against a session; handlers are stateless. */
public interface ImapCommandHandler<C extends ImapCommand> {

    Class<C> commandType();

    ImapResponse handle(C command, ImapSession session);
}
