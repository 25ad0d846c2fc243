package org.paperpath.imap.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Routes each parsed command to its handler. */
public final class ImapProtocol {

    private final Map<Class<?>, ImapCommandHandler<?>> handlers = new HashMap<>();

    public ImapProtocol(List<ImapCommandHandler<?>> handlers) {
        for (ImapCommandHandler<?> handler : handlers) {
            if (this.handlers.put(handler.commandType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for " + handler.commandType().getSimpleName());
            }
        }
        for (Class<?> type : ImapCommand.class.getPermittedSubclasses()) {
            if (!this.handlers.containsKey(type)) {
                throw new IllegalArgumentException("no handler for " + type.getSimpleName());
            }
        }
    }

    public ImapResponse handle(ImapCommand command, ImapSession session) {
        return dispatch(handlers.get(command.getClass()), command, session);
    }

    @SuppressWarnings("unchecked")
    private static <C extends ImapCommand> ImapResponse dispatch(ImapCommandHandler<C> handler, ImapCommand command,
            ImapSession session) {
        return handler.handle((C) command, session);
    }
}
