package org.paperpath.queue;

import java.util.List;
import java.util.function.Consumer;
import org.paperpath.directory.Directory;

/**
 * Routes the envelope recipients of one message through {@link Directory#resolve} (qmail-send's
 * role with vmailmgr's data): a mailbox is delivered locally, an alias or a domain's catch-all
 * expands to its targets, a mailbox with {@code forwardTo} goes to its forward targets (and to
 * itself with {@code keepCopy}), a foreign domain is relayed. Targets are resolved in turn, at most
 * {@link #MAX_DEPTH} levels deep; a loop or a deeper chain fails that branch for good.
 *
 * <p>Each mailbox and each remote address gets one copy per message, however many recipients,
 * aliases or forwards lead to it. Forwarding keeps the original envelope sender, as qmail does; SRS
 * is not done, so a remote forward of mail from an SPF-protected domain may be refused.
 */
public final class Router {

    /** Alias and forward levels one envelope recipient may go through. */
    public static final int MAX_DEPTH = 10;

    private final Directory directory;

    public Router(Directory directory) {
        this.directory = directory;
    }

    /** True when the directory view is complete enough to answer "no such mailbox". */
    public boolean isReady() {
        return directory.isCaughtUp();
    }

    /** The routes of one message's recipients, in envelope order, each destination once. */
    public List<Route> route(List<String> recipients) {
        return route(recipients, kind -> { });
    }

    /** As {@link #route(List)}, telling {@code observer} of every route and expansion (for metrics). */
    public List<Route> route(List<String> recipients, Consumer<RouteKind> observer) {
        RouteExpansion expansion = new RouteExpansion(directory, MAX_DEPTH, observer);
        for (String recipient : recipients) {
            expansion.expand(recipient);
        }
        return expansion.routes();
    }
}
