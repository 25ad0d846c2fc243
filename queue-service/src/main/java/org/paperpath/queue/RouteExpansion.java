package org.paperpath.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.paperpath.directory.Directory;
import org.paperpath.directory.MailboxEntry;
import org.paperpath.directory.Recipient;
import org.paperpath.model.InvalidAddressException;
import org.paperpath.model.MailAddress;

/**
 * The expansion of one message's recipients, depth first in envelope and target order. Keeps the
 * routes found so far, one per destination (mailbox key, or remote address), and the chain of
 * addresses being expanded, which is how a loop is seen. Used once, by one thread.
 */
final class RouteExpansion {

    private final Directory directory;
    private final int maxDepth;
    private final Consumer<RouteKind> observer;
    /** By destination: {@code local:<mailbox>}, {@code remote:<address>}, {@code failed:<address>}. */
    private final Map<String, Route> byDestination = new LinkedHashMap<>();

    RouteExpansion(Directory directory, int maxDepth, Consumer<RouteKind> observer) {
        this.directory = directory;
        this.maxDepth = maxDepth;
        this.observer = observer;
    }

    void expand(String envelopeRecipient) {
        expand(envelopeRecipient, envelopeRecipient, new LinkedHashSet<>());
    }

    /**
     * The routes, each {@link Route#recipient()} once: should a failed branch end on an address that
     * another branch delivers to, the delivery wins (the destination gets its copy either way).
     */
    List<Route> routes() {
        Map<String, Route> byRecipient = new LinkedHashMap<>();
        for (Route route : byDestination.values()) {
            Route known = byRecipient.get(route.recipient());
            if (known == null || known instanceof Route.Failed) {
                byRecipient.put(route.recipient(), route);
            }
        }
        for (Route route : byRecipient.values()) {
            observer.accept(route instanceof Route.Local ? RouteKind.LOCAL
                    : route instanceof Route.Remote ? RouteKind.REMOTE : RouteKind.FAILED);
        }
        return new ArrayList<>(byRecipient.values());
    }

    /** @param chain the directory keys being expanded above this address, outermost first */
    private void expand(String original, String written, LinkedHashSet<String> chain) {
        MailAddress address;
        try {
            address = MailAddress.parse(written);
        } catch (InvalidAddressException e) {
            fail(original, written, "invalid recipient address: " + e.getMessage());
            return;
        }
        String key = address.key();
        if (chain.contains(key)) {
            fail(original, written, "alias or forwarding loop: " + String.join(" -> ", chain) + " -> " + key);
            return;
        }
        if (chain.size() > maxDepth) {
            fail(original, written, "more than " + maxDepth + " levels of aliases or forwarding: "
                    + String.join(" -> ", chain) + " -> " + key);
            return;
        }
        Recipient recipient = directory.resolve(key);
        if (recipient instanceof Recipient.Remote remote) {
            add("remote:" + address, new Route.Remote(original, address.toString(), remote.domain()));
        } else if (recipient instanceof Recipient.Mailbox mailbox) {
            mailbox(original, written, key, mailbox.entry(), chain);
        } else if (recipient instanceof Recipient.Alias alias) {
            observer.accept(alias.catchAll() ? RouteKind.CATCH_ALL : RouteKind.ALIAS);
            if (alias.targets().isEmpty()) {
                fail(original, written, "alias " + key + " has no targets");
                return;
            }
            targets(original, key, alias.targets(), chain);
        } else {
            fail(original, written, "no such mailbox: " + key);
        }
    }

    private void mailbox(String original, String written, String key, MailboxEntry entry,
            LinkedHashSet<String> chain) {
        if (!entry.enabled()) {
            fail(original, written, "mailbox disabled: " + entry.address());
            return;
        }
        if (entry.forwards()) {
            observer.accept(RouteKind.FORWARD);
            if (entry.keepCopy()) {
                add("local:" + entry.address(), new Route.Local(original, written, entry.address()));
            }
            targets(original, key, entry.forwardTo(), chain);
            return;
        }
        add("local:" + entry.address(), new Route.Local(original, written, entry.address()));
    }

    private void targets(String original, String key, List<String> targets, LinkedHashSet<String> chain) {
        chain.add(key);
        try {
            for (String target : targets) {
                expand(original, target, chain);
            }
        } finally {
            chain.remove(key);
        }
    }

    private void fail(String original, String written, String detail) {
        add("failed:" + written, new Route.Failed(original, written, detail));
    }

    private void add(String destination, Route route) {
        byDestination.putIfAbsent(destination, route);
    }
}
