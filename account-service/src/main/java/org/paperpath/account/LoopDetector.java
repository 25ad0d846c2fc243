package org.paperpath.account;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds forwarding loops before they are committed. It runs inside the writing transaction, after
 * the write, and follows the stored entries the way the directory's readers resolve an address
 * (libs/directory's {@code Directory.resolve}): an alias domain stands for its target, then an exact mailbox (through
 * its forwards), an exact alias, {@code local+ext} as {@code local}, then the domain's catch-all.
 * A loop is a path from the entry just written back to itself; mail caught in one would circulate
 * until a hop limit bounced it.
 *
 * <p>Disabled domains and mailboxes are followed as if enabled: enabling one later must not close
 * a loop that nobody checked.
 *
 * <p>Every check first takes one transaction-scoped advisory lock, so checks run one at a time: two
 * concurrent writes that together close a loop (a→b and b→a) cannot each pass by not seeing the
 * other's uncommitted row. The second waits, then (READ COMMITTED) sees the first's commit. Nothing
 * is locked after it, so it cannot take part in a deadlock.
 */
final class LoopDetector {

    /** Bounds the work of one check; a graph this big is refused rather than half-checked. */
    static final int MAX_ENTRIES = 10_000;

    /** The separator of extension addresses, as the directory's readers use it. */
    static final char EXTENSION_SEPARATOR = '+';

    /** Advisory lock key of "the loop check" (ASCII "pp-loops"). */
    private static final long ADVISORY_LOCK = 0x70702d6c6f6f7073L;

    enum Kind {
        MAILBOX("mailbox"), ALIAS("alias"), CATCH_ALL("catch-all of");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * An entry that sends mail on: a mailbox (through its forwards), an alias, a domain's catch-all.
     *
     * @param key the address, or the domain of a catch-all
     */
    record Entry(Kind kind, String key) {

        static Entry mailbox(String address) {
            return new Entry(Kind.MAILBOX, address);
        }

        static Entry alias(String address) {
            return new Entry(Kind.ALIAS, address);
        }

        static Entry catchAll(String domain) {
            return new Entry(Kind.CATCH_ALL, domain);
        }

        @Override
        public String toString() {
            return kind.label + " " + key;
        }
    }

    private record Domain(String name, String catchAll) {
    }

    private final JdbcClient jdbc;

    LoopDetector(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @throws AccountConflictException naming {@code field} if {@code origin}'s targets lead back to it
     */
    void refuseLoop(Entry origin, String field) {
        serialise();
        Optional<List<Entry>> loop = loop(origin, field);
        if (loop.isPresent()) {
            List<String> names = new ArrayList<>();
            loop.get().forEach(entry -> names.add(entry.toString()));
            throw new AccountConflictException(field, "would make a forwarding loop: " + String.join(" -> ", names));
        }
    }

    /**
     * For a deletion: once {@code address} is no longer a mailbox or alias, mail for it falls through
     * to {@code local} of {@code local+ext} or to the catch-all, and a loop closed that way runs
     * through that entry.
     *
     * @throws AccountConflictException naming {@code field} if it does
     */
    void refuseLoopThrough(String address, String field) {
        serialise();
        Optional<Entry> now = resolve(address, new HashMap<>());
        if (now.isPresent()) {
            refuseLoop(now.get(), field);
        }
    }

    /**
     * For a new alias domain: addresses of {@code name} that were remote now reach its target, and
     * a loop closed that way runs through an entry that names such an address.
     *
     * @throws AccountConflictException naming {@code field} if one does
     */
    void refuseLoopsVia(String name, String field) {
        serialise();
        String suffix = "%@" + name;
        List<Entry> naming = new ArrayList<>();
        naming.addAll(jdbc.sql("""
                SELECT domain, local_part FROM mailbox
                WHERE EXISTS (SELECT 1 FROM unnest(forward_to) AS t WHERE t LIKE :suffix)""")
                .param("suffix", suffix)
                .query((rs, n) -> Entry.mailbox(AccountNames.address(rs.getString("local_part"), rs.getString("domain"))))
                .list());
        naming.addAll(jdbc.sql("""
                SELECT domain, local_part FROM alias WHERE EXISTS (SELECT 1 FROM unnest(targets) AS t WHERE t LIKE :suffix)""")
                .param("suffix", suffix)
                .query((rs, n) -> Entry.alias(AccountNames.address(rs.getString("local_part"), rs.getString("domain"))))
                .list());
        naming.addAll(jdbc.sql("SELECT name FROM domain WHERE catch_all LIKE :suffix")
                .param("suffix", suffix).query((rs, n) -> Entry.catchAll(rs.getString("name"))).list());
        for (Entry entry : naming) {
            refuseLoop(entry, field);
        }
    }

    /** Waits for the checks of other transactions to commit; held until this one ends. */
    private void serialise() {
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked").param("key", ADVISORY_LOCK)
                .query(Integer.class).single();
    }

    /**
     * The entries from {@code origin} back to it (both ends included), or empty if it is no loop.
     *
     * @throws InvalidInputException naming {@code field} if the expansion is too big to follow
     */
    Optional<List<Entry>> loop(Entry origin, String field) {
        Map<Entry, Entry> cameFrom = new HashMap<>();
        Map<String, Optional<Domain>> domains = new HashMap<>();
        Deque<Entry> queue = new ArrayDeque<>();
        queue.add(origin);
        cameFrom.put(origin, origin);
        while (!queue.isEmpty()) {
            Entry current = queue.poll();
            for (String target : targets(current)) {
                Optional<Entry> next = resolve(target, domains);
                if (next.isEmpty()) {
                    continue;
                }
                if (next.get().equals(origin)) {
                    return Optional.of(path(cameFrom, current, origin));
                }
                if (cameFrom.putIfAbsent(next.get(), current) == null) {
                    if (cameFrom.size() > MAX_ENTRIES) {
                        throw new InvalidInputException(field, "expands to more than " + MAX_ENTRIES + " entries");
                    }
                    queue.add(next.get());
                }
            }
        }
        return Optional.empty();
    }

    private static List<Entry> path(Map<Entry, Entry> cameFrom, Entry last, Entry origin) {
        List<Entry> path = new ArrayList<>();
        path.add(origin);
        for (Entry at = last; !at.equals(origin); at = cameFrom.get(at)) {
            path.add(at);
        }
        path.add(origin);
        Collections.reverse(path);
        return path;
    }

    /** The entry mail for {@code address} reaches, or empty if it ends there (remote, unknown, a mailbox). */
    private Optional<Entry> resolve(String address, Map<String, Optional<Domain>> domains) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || address.charAt(0) == '"') {
            return Optional.empty();
        }
        String localPart = address.substring(0, at);
        Optional<Domain> domain = domains.computeIfAbsent(address.substring(at + 1), this::domain);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        Optional<Entry> exact = entry(localPart, domain.get().name());
        if (exact.isPresent()) {
            return exact;
        }
        int extension = localPart.indexOf(EXTENSION_SEPARATOR);
        if (extension > 0) {
            Optional<Entry> base = entry(localPart.substring(0, extension), domain.get().name());
            if (base.isPresent()) {
                return base;
            }
        }
        return domain.get().catchAll() == null ? Optional.empty() : Optional.of(Entry.catchAll(domain.get().name()));
    }

    /** One of our domains by name or alias-domain name, or empty if it is not ours. */
    private Optional<Domain> domain(String name) {
        return jdbc.sql("""
                SELECT d.name, d.catch_all FROM domain d
                WHERE d.name = :name OR d.name = (SELECT target FROM alias_domain WHERE name = :name)""")
                .param("name", name)
                .query((rs, n) -> new Domain(rs.getString("name"), rs.getString("catch_all")))
                .optional();
    }

    private Optional<Entry> entry(String localPart, String domain) {
        String address = AccountNames.address(localPart, domain);
        if (MailboxStore.exists(jdbc, domain, localPart)) {
            return Optional.of(Entry.mailbox(address));
        }
        return AliasStore.exists(jdbc, domain, localPart) ? Optional.of(Entry.alias(address)) : Optional.empty();
    }

    private List<String> targets(Entry entry) {
        if (entry.kind() == Kind.CATCH_ALL) {
            return jdbc.sql("SELECT catch_all FROM domain WHERE name = :name AND catch_all IS NOT NULL")
                    .param("name", entry.key()).query(String.class).list();
        }
        int at = entry.key().lastIndexOf('@');
        String table = entry.kind() == Kind.MAILBOX ? "SELECT forward_to AS targets FROM mailbox" : "SELECT targets FROM alias";
        return jdbc.sql(table + " WHERE domain = :domain AND local_part = :localPart")
                .param("domain", entry.key().substring(at + 1)).param("localPart", entry.key().substring(0, at))
                .query((rs, n) -> AccountDatabase.textList(rs, "targets")).optional().orElse(List.of());
    }
}
