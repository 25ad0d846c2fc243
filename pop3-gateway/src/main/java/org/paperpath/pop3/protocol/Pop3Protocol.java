package org.paperpath.pop3.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes each parsed command to its handler. */
public final class Pop3Protocol {

    private final Map<Class<?>, Pop3CommandHandler<?>> handlers = new HashMap<>();

    public Pop3Protocol(List<Pop3CommandHandler<?>> handlers) {
        for (Pop3CommandHandler<?> handler : handlers) {
            if (this.handlers.put(handler.commandType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for " + handler.commandType().getSimpleName());
            }
        }
        for (Class<?> type : Pop3Command.class.getPermittedSubclasses()) {
            if (!this.handlers.containsKey(type)) {
                throw new IllegalArgumentException("no handler for " + type.getSimpleName());
            }
        }
    }

    public Pop3Reply handle(Pop3Command command, Pop3Session session) {
        return dispatch(handlers.get(command.getClass()), command, session);
    }

    @SuppressWarnings("unchecked")
    private static <C extends Pop3Command> Pop3Reply dispatch(Pop3CommandHandler<C> handler, Pop3Command command,
            Pop3Session session) {
        return handler.handle((C) command, session);
    }
}
