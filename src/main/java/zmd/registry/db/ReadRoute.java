package zmd.registry.db;

import java.util.function.Supplier;

/**
 * Where this thread's statements go. Unset (the default) is the primary: mutations, transactions and anything not
 * marked. A read-only request (a GraphQL query, an OGC or tile GET) is marked, and its first connection picks a
 * replica, which then serves the whole request so that it reads one snapshot source. A write inside a marked request
 * (a query that stores what it generated) is wrapped in {@link #onPrimary}.
 */
public final class ReadRoute implements AutoCloseable {
    private static final ThreadLocal<ReadRoute> CURRENT = new ThreadLocal<>();

    /** The commit position the caller's own last write reached: a replica must have replayed it. */
    final long minLsn;
    /** The pool chosen at the first connection, or null before it (and when it is the primary). */
    Replicas.Replica chosen;
    boolean decided;
    private final ReadRoute outer;

    private ReadRoute(long minLsn, ReadRoute outer) {
        this.minLsn = minLsn;
        this.outer = outer;
    }

    static ReadRoute current() {
        return CURRENT.get();
    }

    /** Marks this thread's statements as a read-only request's, until closed. */
    static ReadRoute open(long minLsn) {
        ReadRoute route = new ReadRoute(minLsn, CURRENT.get());
        CURRENT.set(route);
        return route;
    }

    @Override
    public void close() {
        restore(outer);
    }

    /** Runs {@code work} on the primary, also inside a read-only request. */
    public static <T> T onPrimary(Supplier<T> work) {
        ReadRoute outer = CURRENT.get();
        CURRENT.remove();
        try {
            return work.get();
        } finally {
            restore(outer);
        }
    }

    private static void restore(ReadRoute outer) {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
