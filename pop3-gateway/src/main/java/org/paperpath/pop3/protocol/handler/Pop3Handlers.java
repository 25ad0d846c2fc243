package org.paperpath.pop3.protocol.handler;

import java.util.List;
import org.paperpath.account.client.Authenticator;
import org.paperpath.pop3.protocol.Pop3Events;
import org.paperpath.pop3.protocol.Pop3Protocol;
import org.paperpath.pop3.store.MailboxStore;

/** Builds the protocol with one handler per command. */
public final class Pop3Handlers {

    private Pop3Handlers() {
    }

    public static Pop3Protocol protocol(Authenticator authenticator, MailboxStore store, Pop3Events events) {
        return new Pop3Protocol(List.of(
                new UserHandler(), new PassHandler(authenticator, store, events), new CapaHandler(),
                new StatHandler(), new ListHandler(), new UidlHandler(), new RetrHandler(), new TopHandler(),
                new DeleHandler(), new RsetHandler(), new NoopHandler(), new QuitHandler(events),
                new UnknownHandler(), new MalformedHandler()));
    }
}
