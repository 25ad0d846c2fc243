package org.paperpath.pop3.protocol.handler;

import java.util.Optional;
import org.paperpath.pop3.protocol.Pop3Command;
import org.paperpath.pop3.protocol.Pop3CommandHandler;
import org.paperpath.pop3.protocol.Pop3Reply;
import org.paperpath.pop3.protocol.Pop3Session;
import org.paperpath.pop3.protocol.Pop3State;

/** USER (RFC 1939 section 7): remembers the name for the following PASS. */
public final class UserHandler implements Pop3CommandHandler<Pop3Command.User> {

    @Override
    public Class<Pop3Command.User> commandType() {
        return Pop3Command.User.class;
    }

    @Override
    public Pop3Reply handle(Pop3Command.User command, Pop3Session session) {
        return session.authorization().<Pop3Reply>map(state -> {
            session.moveTo(new Pop3State.Authorization(Optional.of(command.name()), state.failures()));
            return new Pop3Reply.Ok("send PASS");
        }).orElse(Replies.NOT_IN_AUTHORIZATION);
    }
}
