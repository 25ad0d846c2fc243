package org.paperpath.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;

/**
 * Routes recipients by the directory: a local domain's enabled mailbox is delivered locally, a
 * local domain without such a mailbox fails, any other domain is relayed. Aliases, forwards and
 * extension addresses are a later issue.
 */
public final class Router {

    private final Directory directory;

    public Router(Directory directory) {
        this.directory = directory;
    }

    /** True when the directory view is complete enough to answer "no such mailbox". */
    public boolean isReady() {
        return directory.isCaughtUp();
    }

    public List<Route> route(List<String> recipients) {
        List<Route> routes = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            routes.add(route(recipient));
        }
        return routes;
    }

    public Route route(String recipient) {
        MailAddress address;
        try {
            address = MailAddress.parse(recipient);
        } catch (InvalidAddressException e) {
            return new Route.Failed(recipient, "invalid recipient address: " + e.getMessage());
        }
        if (!directory.isLocalDomain(address.domain())) {
            return new Route.Remote(recipient, address.domain());
        }
        Optional<MailboxEntry> mailbox = directory.mailbox(address.key());
        if (mailbox.isEmpty() || !mailbox.get().enabled()) {
            return new Route.Failed(recipient, "no such mailbox: " + address.key());
        }
        return new Route.Local(recipient, mailbox.get().address());
    }
}
