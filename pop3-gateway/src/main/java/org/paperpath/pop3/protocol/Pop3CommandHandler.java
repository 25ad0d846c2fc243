package org.paperpath.pop3.protocol;

/**
 * Executes one kind of command against a session. Handlers are stateless and may block (they run
 * off the event loop); a handler checks the session state itself.
 */
public interface Pop3CommandHandler<C extends Pop3Command> {

    Class<C> commandType();

    Pop3Reply handle(C command, Pop3Session session);
}
