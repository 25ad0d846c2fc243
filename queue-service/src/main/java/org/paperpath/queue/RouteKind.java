package org.paperpath.queue;

import java.util.Locale;

/**
 * What routing did, for the {@code paperpath.queue.routes} counter: each final route is
 * {@link #LOCAL}, {@link #REMOTE} or {@link #FAILED}; each expansion on the way counts once as
 * {@link #ALIAS}, {@link #FORWARD} or {@link #CATCH_ALL}.
 */
enum RouteKind {
    LOCAL, REMOTE, FAILED, ALIAS, FORWARD, CATCH_ALL;

    /** The meter tag value: {@code catch-all} for {@link #CATCH_ALL}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
